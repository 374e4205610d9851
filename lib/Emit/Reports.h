//===- Reports.h - Views of lowered functions for people --------*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The views `hoist --emit=` offers besides the C++ itself:
///
///   explain  states with their source lines, the values stored in each, the
///            frame layout (ExplainEmitter.cpp)
///   dot      each function's state graph for Graphviz (DotEmitter.cpp)
///   html     one self-contained page: source beside the state machines
///            (HtmlEmitter.cpp)
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_EMIT_REPORTS_H
#define HOIST_EMIT_REPORTS_H

#include "Lower/AsyncFnShape.h"
#include "Lower/SourceRewriter.h"

#include <string>
#include <vector>

namespace hoist {

std::string renderExplain(const std::vector<const AsyncFnShape *> &Shapes,
                          SourceRewriter &Rewriter);

/// One digraph: the function's, or a cluster per function (named after the
/// file `FileName`) when there are several.
std::string renderDot(const std::vector<const AsyncFnShape *> &Shapes,
                      llvm::StringRef FileName);

std::string renderHtml(const std::vector<const AsyncFnShape *> &Shapes,
                       SourceRewriter &Rewriter, const std::string &LoweredCpp,
                       llvm::StringRef FileName);

} // namespace hoist

#endif // HOIST_EMIT_REPORTS_H
