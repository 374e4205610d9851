// --emit=explain on the cases of bench/sizes (the same source): each
// future's size and alignment as a compiler lays it out, and its layout:
// offsets, sizes, values sharing bytes in unions, padding. The one-byte
// state comes last; a 1 KiB parameter is stored once (rustc keeps two
// copies, rust-lang/rust#62958); two scopes' 512-byte arrays share bytes.
// RUN: %hoist --emit=explain %S/../../../bench/sizes/cases.cpp | FileCheck %s
// CHECK-LABEL: async function 'sy1' (cases.cpp:68:19)
// CHECK-NEXT: future:
// CHECK-NEXT: size: 8 B, alignment 4
// CHECK: layout (8 B, alignment 4; a union's members share bytes):
// CHECK-NEXT: offset  size  member
// CHECK-NEXT: 0     4  t
// CHECK-NEXT: 4     1  state_
// CHECK-NEXT: 5     3  (padding)
// CHECK-LABEL: async function 'sy2' (cases.cpp:74:19)
// CHECK-NEXT: future:
// CHECK-NEXT: size: 8 B, alignment 4
// CHECK: layout (8 B, alignment 4; a union's members share bytes):
// CHECK-NEXT: offset  size  member
// CHECK-NEXT: 0     4  t
// CHECK-NEXT: 4     1  state_
// CHECK-NEXT: 5     3  (padding)
// CHECK-LABEL: async function 'example' (cases.cpp:80:19)
// CHECK-NEXT: future:
// CHECK-NEXT: size: 20 B, alignment 4
// CHECK: layout (20 B, alignment 4; a union's members share bytes):
// CHECK-NEXT: offset  size  member
// CHECK-NEXT: 0     8  union { awaitee0 (8), awaitee1 (8) }
// CHECK-NEXT: 8     4  t
// CHECK-NEXT: 12     4  a
// CHECK-NEXT: 16     1  state_
// CHECK-NEXT: 17     3  (padding)
// CHECK-LABEL: async function 'buffer64' (cases.cpp:87:19)
// CHECK-NEXT: future:
// CHECK-NEXT: size: 84 B, alignment 4
// CHECK: layout (84 B, alignment 4; a union's members share bytes):
// CHECK-NEXT: offset  size  member
// CHECK-NEXT: 0     4  t
// CHECK-NEXT: 4     8  union { awaitee0 (8), awaitee1 (8) }
// CHECK-NEXT: 12     4  a
// CHECK-NEXT: 16    64  buf
// CHECK-NEXT: 80     1  state_
// CHECK-NEXT: 81     3  (padding)
// CHECK-LABEL: async function 'big_argument' (cases.cpp:97:19)
// CHECK-NEXT: future:
// CHECK-NEXT: size: 1036 B, alignment 4
// CHECK: layout (1036 B, alignment 4; a union's members share bytes):
// CHECK-NEXT: offset  size  member
// CHECK-NEXT: 0     8  awaitee0
// CHECK-NEXT: 8  1024  arg
// CHECK-NEXT: 1032     1  state_
// CHECK-NEXT: 1033     3  (padding)
// CHECK-LABEL: async function 'two_scopes' (cases.cpp:103:19)
// CHECK-NEXT: future:
// CHECK-NEXT: size: 532 B, alignment 4
// CHECK: layout (532 B, alignment 4; a union's members share bytes):
// CHECK-NEXT: offset  size  member
// CHECK-NEXT: 0     4  t
// CHECK-NEXT: 4     4  r
// CHECK-NEXT: 8     8  union { awaitee0 (8), awaitee1 (8) }
// CHECK-NEXT: 16   512  union { a (512), b (512) }
// CHECK-NEXT: 528     1  state_
// CHECK-NEXT: 529     3  (padding)
// CHECK-LABEL: async function 'accumulate' (cases.cpp:123:20)
// CHECK-NEXT: future:
// CHECK-NEXT: size: 32 B, alignment 8
// CHECK: layout (32 B, alignment 8; a union's members share bytes):
// CHECK-NEXT: offset  size  member
// CHECK-NEXT: 0     8  acc
// CHECK-NEXT: 8     4  n
// CHECK-NEXT: 12     4  i
// CHECK-NEXT: 16     8  awaitee0
// CHECK-NEXT: 24     1  state_
// CHECK-NEXT: 25     7  (padding)
// CHECK-LABEL: async function 'nested1' (cases.cpp:131:19)
// CHECK-NEXT: future:
// CHECK-NEXT: size: 16 B, alignment 4
// CHECK: layout (16 B, alignment 4; a union's members share bytes):
// CHECK-NEXT: offset  size  member
// CHECK-NEXT: 0     4  t
// CHECK-NEXT: 4     8  awaitee0
// CHECK-NEXT: 12     1  state_
// CHECK-NEXT: 13     3  (padding)
// CHECK-LABEL: async function 'nested2' (cases.cpp:132:19)
// CHECK-NEXT: future:
// CHECK-NEXT: size: 24 B, alignment 4
// CHECK: layout (24 B, alignment 4; a union's members share bytes):
// CHECK-NEXT: offset  size  member
// CHECK-NEXT: 0    16  awaitee0
// CHECK-NEXT: 16     4  t
// CHECK-NEXT: 20     1  state_
// CHECK-NEXT: 21     3  (padding)
// CHECK-LABEL: async function 'nested3' (cases.cpp:133:19)
// CHECK-NEXT: future:
// CHECK-NEXT: size: 32 B, alignment 4
// CHECK: layout (32 B, alignment 4; a union's members share bytes):
// CHECK-NEXT: offset  size  member
// CHECK-NEXT: 0    24  awaitee0
// CHECK-NEXT: 24     4  t
// CHECK-NEXT: 28     1  state_
// CHECK-NEXT: 29     3  (padding)
// CHECK-LABEL: async function 'await_argument' (cases.cpp:136:38)
// CHECK-NEXT: future:
// The awaited parameter is polled in place: its awaitee is empty.
// CHECK-NEXT: size: 20 B, alignment 4 (await_argument<Nested1Future>)
// CHECK: layout (20 B, alignment 4; a union's members share bytes):
// CHECK-NEXT: offset  size  member
// CHECK-NEXT: 0    16  f
// CHECK-NEXT: 16     1  awaitee0
// CHECK-NEXT: 17     1  state_
// CHECK-NEXT: 18     2  (padding)
