// bench/poll/chain.rs - the chain of chain.cpp in Rust.
//
// c1 awaits a leaf that is pending K times; cN awaits c(N-1). The leaf's poll
// and the top-level poll are #[inline(never)], as in the C++ variants. No
// crates: a noop RawWaker drives the futures; a counting global allocator
// reports allocations per call.
//
//   rustc -O --edition 2021 chain.rs && ./chain D K ITERS REPS
//   prints: ns_per_poll ns_per_call allocations_per_call checksum
use std::alloc::{GlobalAlloc, Layout, System};
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll, RawWaker, RawWakerVTable, Waker};
use std::time::Instant;

struct Counting;
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
}
#[global_allocator]
static GLOBAL: Counting = Counting;

fn noop_raw() -> RawWaker {
    fn clone(_: *const ()) -> RawWaker {
        noop_raw()
    }
    fn noop(_: *const ()) {}
    static VTABLE: RawWakerVTable = RawWakerVTable::new(clone, noop, noop, noop);
    RawWaker::new(std::ptr::null(), &VTABLE)
}

/// Pending `k` times, then ready with 1 (chain.cpp's Leaf).
struct Leaf {
    k: i32,
}
impl Future for Leaf {
    type Output = i32;
    #[inline(never)]
    fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<i32> {
        if self.k == 0 {
            return Poll::Ready(1);
        }
        self.k -= 1;
        Poll::Pending
    }
}

async fn c1(k: i32) -> i32 {
    Leaf { k }.await + 1
}
async fn c2(k: i32) -> i32 {
    c1(k).await + 1
}
async fn c3(k: i32) -> i32 {
    c2(k).await + 1
}
async fn c4(k: i32) -> i32 {
    c3(k).await + 1
}
async fn c5(k: i32) -> i32 {
    c4(k).await + 1
}
async fn c6(k: i32) -> i32 {
    c5(k).await + 1
}
async fn c7(k: i32) -> i32 {
    c6(k).await + 1
}
async fn c8(k: i32) -> i32 {
    c7(k).await + 1
}
async fn c9(k: i32) -> i32 {
    c8(k).await + 1
}
async fn c10(k: i32) -> i32 {
    c9(k).await + 1
}
async fn c11(k: i32) -> i32 {
    c10(k).await + 1
}
async fn c12(k: i32) -> i32 {
    c11(k).await + 1
}
async fn c13(k: i32) -> i32 {
    c12(k).await + 1
}
async fn c14(k: i32) -> i32 {
    c13(k).await + 1
}
async fn c15(k: i32) -> i32 {
    c14(k).await + 1
}
async fn c16(k: i32) -> i32 {
    c15(k).await + 1
}

/// One top-level poll, out of line as an executor's call is.
#[inline(never)]
fn poll_top<F: Future>(f: Pin<&mut F>, cx: &mut Context<'_>) -> Poll<F::Output> {
    f.poll(cx)
}

fn run_loop<F: Future<Output = i32>, M: Fn(i32) -> F>(make: M, k: i32, iters: i64) -> i64 {
    let waker = unsafe { Waker::from_raw(noop_raw()) };
    let mut cx = Context::from_waker(&waker);
    let mut sum = 0i64;
    for _ in 0..iters {
        let mut f = make(k);
        // Safety: `f` is not moved again until it is dropped.
        let mut f = unsafe { Pin::new_unchecked(&mut f) };
        loop {
            if let Poll::Ready(v) = poll_top(f.as_mut(), &mut cx) {
                sum += v as i64;
                break;
            }
        }
    }
    sum
}

/// The measured function (callgrind: --toggle-collect=bench_run).
#[no_mangle]
#[inline(never)]
pub extern "C" fn bench_run(d: i32, k: i32, iters: i64) -> i64 {
    match d {
        1 => run_loop(c1, k, iters),
        2 => run_loop(c2, k, iters),
        4 => run_loop(c4, k, iters),
        8 => run_loop(c8, k, iters),
        16 => run_loop(c16, k, iters),
        _ => -1,
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 5 {
        eprintln!("usage: {} D K ITERS REPS", args[0]);
        std::process::exit(2);
    }
    let d: i32 = args[1].parse().unwrap();
    let k: i32 = args[2].parse().unwrap();
    let iters: i64 = args[3].parse().unwrap();
    let reps: i64 = args[4].parse().unwrap();
    let mut times = Vec::new();
    let mut sum = 0;
    let mut allocations = 0;
    for _ in 0..reps {
        let before = ALLOCATIONS.load(Ordering::Relaxed);
        let t0 = Instant::now();
        sum = bench_run(d, k, iters);
        let ns = t0.elapsed().as_nanos() as f64;
        allocations = ALLOCATIONS.load(Ordering::Relaxed) - before;
        times.push(ns);
    }
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let best = times[times.len() / 2]; // the median
    if sum != iters * (d as i64 + 1) {
        eprintln!("wrong result {} (want {})", sum, iters * (d as i64 + 1));
        std::process::exit(1);
    }
    println!(
        "{:.3} {:.3} {:.3} {}",
        best / (iters as f64 * (k as f64 + 1.0)),
        best / iters as f64,
        allocations as f64 / iters as f64,
        sum
    );
}
