// bench/tokio/src/bin/http_server.rs - the hyper rival of
// examples/http_server.cpp: hyper 0.14's HTTP/1.1 server on tokio, the same
// routes (GET /plaintext, GET /json, 404 otherwise), one task per
// connection, keep-alive and pipelining as hyper does them (with
// `pipeline_flush`: the answers to the requests of one read go out in one
// write, as the Hoist server batches them). hyper adds the Date header
// itself, from a cache it formats once a second.
//
//   http_server [--port N] [--threads N]   (port 0 picks one; prints it first)
//
// --threads 1 runs tokio's current_thread runtime (one thread); N > 1 its
// multi_thread runtime with N workers.
use std::convert::Infallible;

use hyper::header::{HeaderValue, CONTENT_LENGTH, CONTENT_TYPE, SERVER};
use hyper::server::conn::Http;
use hyper::service::service_fn;
use hyper::{Body, Method, Request, Response, StatusCode};
use tokio::net::TcpListener;

static PLAINTEXT: &[u8] = b"Hello, World!";
static JSON: &[u8] = br#"{"message":"Hello, World!"}"#;

fn respond(status: StatusCode, content_type: &'static str, body: &'static [u8]) -> Response<Body> {
    let mut resp = Response::new(Body::from(body));
    *resp.status_mut() = status;
    let headers = resp.headers_mut();
    headers.insert(SERVER, HeaderValue::from_static("hyper"));
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(CONTENT_LENGTH, HeaderValue::from(body.len()));
    resp
}

async fn route(req: Request<Body>) -> Result<Response<Body>, Infallible> {
    let get = req.method() == Method::GET || req.method() == Method::HEAD;
    Ok(match req.uri().path() {
        "/plaintext" if get => respond(StatusCode::OK, "text/plain", PLAINTEXT),
        "/json" if get => respond(StatusCode::OK, "application/json", JSON),
        "/plaintext" | "/json" => respond(StatusCode::METHOD_NOT_ALLOWED, "text/plain", b""),
        _ => respond(StatusCode::NOT_FOUND, "text/plain", b""),
    })
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mut port = 8080u16;
    let mut threads = 1usize;
    let mut i = 1;
    while i + 1 < args.len() {
        match args[i].as_str() {
            "--port" => port = args[i + 1].parse().unwrap(),
            "--threads" => threads = args[i + 1].parse().unwrap(),
            _ => {
                eprintln!("usage: http_server [--port N] [--threads N]");
                std::process::exit(2);
            }
        }
        i += 2;
    }
    let rt = if threads <= 1 {
        tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
    } else {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(threads)
            .enable_all()
            .build()
            .unwrap()
    };
    rt.block_on(async move {
        let listener = TcpListener::bind(("127.0.0.1", port)).await.unwrap();
        println!("{}", listener.local_addr().unwrap().port());
        use std::io::Write;
        std::io::stdout().flush().unwrap();
        let mut http = Http::new();
        http.http1_only(true).pipeline_flush(true);
        loop {
            let (stream, _) = match listener.accept().await {
                Ok(conn) => conn,
                Err(_) => continue,
            };
            stream.set_nodelay(true).unwrap();
            let conn = http.serve_connection(stream, service_fn(route));
            tokio::spawn(async move {
                let _ = conn.await;
            });
        }
    });
}
