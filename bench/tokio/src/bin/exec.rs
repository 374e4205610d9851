// bench/tokio/src/bin/exec.rs - bench/exec/exec.cpp on tokio.
//
//   exec BENCH EXECUTOR N
//     BENCH     spawn | yield | pingpong   (as in exec.cpp)
//     EXECUTOR  current | mt1 | mt2  (current_thread; multi_thread, 1 or 2 workers)
//   prints: ns per operation, and a checksum
//
// As in exec.cpp, each benchmark runs inside one spawned task; block_on only
// waits for its JoinHandle.
use std::time::Instant;
use tokio::sync::mpsc;

async fn trivial(i: i64) -> i64 {
    i
}

async fn spawn_many(n: i64) -> i64 {
    let mut handles = Vec::with_capacity(n as usize);
    for i in 0..n {
        handles.push(tokio::spawn(trivial(i)));
    }
    let mut sum = 0;
    for h in handles {
        sum += h.await.unwrap();
    }
    sum
}

async fn yielder(times: i64) -> i64 {
    for _ in 0..times {
        tokio::task::yield_now().await;
    }
    times
}

async fn yield_many(tasks: i64, times: i64) -> i64 {
    let mut handles = Vec::new();
    for _ in 0..tasks {
        handles.push(tokio::spawn(yielder(times)));
    }
    let mut sum = 0;
    for h in handles {
        sum += h.await.unwrap();
    }
    sum
}

async fn ponger(mut rx: mpsc::Receiver<i64>, tx: mpsc::Sender<i64>) -> i64 {
    let mut count = 0;
    while let Some(v) = rx.recv().await {
        if tx.send(v + 1).await.is_err() {
            break;
        }
        count += 1;
    }
    count
}

async fn pinger(tx: mpsc::Sender<i64>, mut rx: mpsc::Receiver<i64>, n: i64) -> i64 {
    let mut sum = 0;
    for i in 0..n {
        tx.send(i).await.unwrap();
        sum += rx.recv().await.unwrap();
    }
    sum
}

async fn ping_pong(n: i64) -> i64 {
    let (tx1, rx1) = mpsc::channel(1);
    let (tx2, rx2) = mpsc::channel(1);
    let pong = tokio::spawn(ponger(rx1, tx2));
    let ping = tokio::spawn(pinger(tx1, rx2, n));
    let sum = ping.await.unwrap();
    let count = pong.await.unwrap();
    sum + count
}

fn expected(bench: &str, n: i64) -> i64 {
    match bench {
        "spawn" => n * (n - 1) / 2,
        "yield" => n / 1000 * 1000,
        _ => n * (n + 1) / 2 + n,
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 4 {
        eprintln!("usage: {} spawn|yield|pingpong current|mt1|mt2 N", args[0]);
        std::process::exit(2);
    }
    let bench = args[1].as_str();
    let n: i64 = args[3].parse().unwrap();
    let t0 = Instant::now();
    let rt = match args[2].as_str() {
        "current" => tokio::runtime::Builder::new_current_thread().build().unwrap(),
        "mt1" => tokio::runtime::Builder::new_multi_thread().worker_threads(1).build().unwrap(),
        _ => tokio::runtime::Builder::new_multi_thread().worker_threads(2).build().unwrap(),
    };
    let sum = rt.block_on(async move {
        match bench {
            "spawn" => tokio::spawn(spawn_many(n)).await.unwrap(),
            "yield" => tokio::spawn(yield_many(1000, n / 1000)).await.unwrap(),
            "pingpong" => tokio::spawn(ping_pong(n)).await.unwrap(),
            _ => {
                eprintln!("exec: unknown benchmark '{}'", bench);
                std::process::exit(2);
            }
        }
    });
    drop(rt);
    let ns = t0.elapsed().as_nanos() as f64;
    if sum != expected(bench, n) {
        eprintln!("exec: wrong checksum {} (want {})", sum, expected(bench, n));
        std::process::exit(1);
    }
    println!("{:.2} {}", ns / n as f64, sum);
}
