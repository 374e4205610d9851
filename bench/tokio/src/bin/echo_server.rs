// bench/tokio/src/bin/echo_server.rs - the tokio rival of
// examples/echo_server.cpp: one task per connection, read up to 4 KiB, write
// it all back, until the peer closes.
//
//   echo_server [--port N] [--workers N]   (port 0 picks one; prints it first)
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

async fn echo(mut stream: TcpStream) {
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => {
                if stream.write_all(&buf[..n]).await.is_err() {
                    return;
                }
            }
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mut port = 7878u16;
    let mut workers = 0usize;
    let mut i = 1;
    while i + 1 < args.len() {
        match args[i].as_str() {
            "--port" => port = args[i + 1].parse().unwrap(),
            "--workers" => workers = args[i + 1].parse().unwrap(),
            _ => {
                eprintln!("usage: echo_server [--port N] [--workers N]");
                std::process::exit(2);
            }
        }
        i += 2;
    }
    let mut builder = tokio::runtime::Builder::new_multi_thread();
    if workers > 0 {
        builder.worker_threads(workers);
    }
    let rt = builder.enable_all().build().unwrap();
    rt.block_on(async move {
        let listener = TcpListener::bind(("127.0.0.1", port)).await.unwrap();
        println!("{}", listener.local_addr().unwrap().port());
        use std::io::Write;
        std::io::stdout().flush().unwrap();
        loop {
            let (stream, _) = listener.accept().await.unwrap();
            stream.set_nodelay(true).unwrap();
            tokio::spawn(echo(stream));
        }
    });
}
