//===- OutputFile.h - The lowered source, assembled -------------*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The output file is the input file with each async function's return type
/// and body replaced; everything else passes through unchanged. `#line`
/// directives keep compiler errors and debuggers on the original lines.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_EMIT_OUTPUTFILE_H
#define HOIST_EMIT_OUTPUTFILE_H

#include "Basic/Options.h"
#include "Emit/CodeBuffer.h"
#include "Emit/FutureEmitter.h"
#include "Lower/SourceRewriter.h"

#include <string>
#include <vector>

namespace hoist {

/// Renders `Block` as text starting in the middle of a line (after the
/// code that precedes it), indented by `BaseIndent` spaces.
std::string renderBlock(const CodeBuffer &Block, unsigned BaseIndent,
                        const LoweringOptions &Opts, llvm::StringRef FileName);

/// The whole output: the main file with `Rewrites` applied. `Templates`:
/// some lowered function is a template (see the preamble it gets). The
/// physical lines of the lowered bodies go in `Generated`, if given.
std::string renderOutputFile(SourceRewriter &Rewriter,
                             const std::vector<FunctionRewrite> &Rewrites,
                             const LoweringOptions &Opts,
                             llvm::StringRef FileName, bool Templates = false,
                             std::vector<std::pair<unsigned, unsigned>> *Generated = nullptr);

} // namespace hoist

#endif // HOIST_EMIT_OUTPUTFILE_H
