// An async function declared here and defined in another translation unit:
// callers get the boxed hoist::Async<int>.
#ifndef ABI_BOUNDARY_HPP
#define ABI_BOUNDARY_HPP
#include <hoist/hoist.hpp>

hoist::Async<int> remote_square(int x);

#endif
