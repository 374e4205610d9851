// bench/sizes/sizes.rs - the size cases of bench/sizes/cases.cpp, in Rust.
//
// Each case is the same async function as in cases.cpp, written the way a
// Rust programmer would. The program prints `case<TAB>size_of_val<TAB>result`
// for each, after running the future to completion on a noop waker (so the
// result can be compared with the C++ builds: the same work, the same value).
// No crates: a RawWaker whose vtable does nothing drives the futures.
//
//   rustc -O --edition 2021 sizes.rs && ./sizes
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, RawWaker, RawWakerVTable, Waker};

fn noop_raw() -> RawWaker {
    fn clone(_: *const ()) -> RawWaker {
        noop_raw()
    }
    fn noop(_: *const ()) {}
    static VTABLE: RawWakerVTable = RawWakerVTable::new(clone, noop, noop, noop);
    RawWaker::new(std::ptr::null(), &VTABLE)
}

/// Polls `f` where it lives until it is ready.
fn run<F: Future>(f: F) -> F::Output {
    let waker = unsafe { Waker::from_raw(noop_raw()) };
    let mut cx = Context::from_waker(&waker);
    let mut f = Box::pin(f);
    loop {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
    }
}

/// A leaf that is pending once, then ready with `v` (cases.cpp's Tick).
struct Tick {
    v: i32,
    polled: bool,
}
impl Future for Tick {
    type Output = i32;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<i32> {
        if self.polled {
            return Poll::Ready(self.v);
        }
        self.polled = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}
fn tick(v: i32) -> Tick {
    Tick { v, polled: false }
}

// 1. The seed: example awaits sy1 and sy2.
async fn sy1(t: i32) -> i32 {
    let a = t * 4;
    let mut r = 0;
    for i in 0..a {
        r += i;
    }
    r
}
async fn sy2(t: i32) -> i32 {
    let a = t + 2;
    let mut r = 123;
    for i in 1..a {
        r += i;
    }
    r
}
async fn example(t: i32) -> i32 {
    let a = sy1(t).await;
    let b = sy2(t).await;
    a + b
}

// 2. A 64-byte buffer held across two awaits.
async fn buffer64(t: i32) -> i32 {
    let mut buf = [0u8; 64];
    for (i, b) in buf.iter_mut().enumerate() {
        *b = (t as u8).wrapping_add(i as u8);
    }
    let a = tick(t).await;
    let b = tick(t + 1).await;
    buf[(a & 63) as usize] as i32 + buf[(b & 63) as usize] as i32
}

// 3. A 1 KiB argument, one await.
async fn big_argument(arg: [u8; 1024]) -> i32 {
    let x = tick(1).await;
    arg[0] as i32 + arg[1023] as i32 + x
}

// 4. Two sequential scopes, each holding a 512-byte array across an await.
async fn two_scopes(t: i32) -> i32 {
    let mut r = 0;
    {
        let mut a = [0u8; 512];
        a[0] = t as u8;
        a[511] = 1;
        r += tick(t).await;
        r += a[0] as i32 + a[511] as i32;
    }
    {
        let mut b = [0u8; 512];
        b[0] = 2;
        b[511] = t as u8;
        r += tick(t).await;
        r += b[0] as i32 + b[511] as i32;
    }
    r
}

// 5. An accumulator loop with an await inside.
async fn accumulate(n: i32) -> i64 {
    let mut acc: i64 = 0;
    for i in 0..n {
        acc += tick(i).await as i64;
    }
    acc
}

// 6. A chain of three nested async calls.
async fn nested1(t: i32) -> i32 {
    tick(t).await + 1
}
async fn nested2(t: i32) -> i32 {
    nested1(t).await + 1
}
async fn nested3(t: i32) -> i32 {
    nested2(t).await + 1
}

// 7. Awaiting a future passed in as an argument.
async fn await_argument<F: Future<Output = i32>>(f: F) -> i32 {
    f.await + 1
}

fn main() {
    macro_rules! case {
        ($name:expr, $fut:expr) => {{
            let f = $fut;
            let size = std::mem::size_of_val(&f);
            let v = run(f);
            println!("{}\t{}\t{}", $name, size, v);
        }};
    }
    case!("seed example", example(8));
    case!("seed sy1", sy1(8));
    case!("seed sy2", sy2(8));
    case!("64 B buffer across 2 awaits", buffer64(5));
    let mut arg = [0u8; 1024];
    arg[0] = 3;
    arg[1023] = 4;
    case!("1 KiB argument, 1 await", big_argument(arg));
    case!("2 scopes of 512 B", two_scopes(7));
    case!("accumulator loop", accumulate(10));
    case!("3 nested calls", nested3(5));
    case!("awaits its argument", await_argument(nested1(5)));
}
