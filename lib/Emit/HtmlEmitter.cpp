//===- HtmlEmitter.cpp - Source beside its state machines ----------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `hoist --emit=html`: one self-contained page (no network, no external
/// assets) with the source on the left and the lowered C++ on the right.
///
//===----------------------------------------------------------------------===//
#include "Emit/Reports.h"

namespace hoist {

namespace {

std::string escapeHtml(llvm::StringRef S) {
  std::string R;
  for (char C : S) {
    switch (C) {
    case '<':
      R += "&lt;";
      break;
    case '>':
      R += "&gt;";
      break;
    case '&':
      R += "&amp;";
      break;
    case '"':
      R += "&quot;";
      break;
    default:
      R += C;
    }
  }
  return R;
}

} // namespace

std::string renderHtml(const std::vector<const AsyncFnShape *> &,
                       SourceRewriter &Rewriter, const std::string &LoweredCpp,
                       llvm::StringRef FileName) {
  std::string Out;
  Out += "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>hoist: " +
         escapeHtml(FileName) + "</title>\n<style>\n"
         "body{font-family:sans-serif;margin:0}"
         ".cols{display:flex}.col{flex:1;overflow:auto;padding:8px}"
         "pre{font-size:12px;line-height:1.35}\n</style></head><body>\n";
  Out += "<div class=\"cols\"><div class=\"col\"><h3>" + escapeHtml(FileName) +
         "</h3><pre id=\"source\">" + escapeHtml(Rewriter.rawText(0, ~0u)) +
         "</pre></div>\n<div class=\"col\"><h3>lowered</h3><pre id=\"lowered\">" +
         escapeHtml(LoweredCpp) + "</pre></div></div>\n</body></html>\n";
  return Out;
}

} // namespace hoist
