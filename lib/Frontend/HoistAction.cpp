//===- HoistAction.cpp - The pipeline on one translation unit ------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The pipeline, phase by phase:
///
///   parse (clang) -> findAsyncFunctions -> lowerAsyncFunction (per function,
///   innermost first) -> emitFunctionRewrite -> renderOutputFile / reports
///
/// A nested async lambda is lowered before the function around it, and its
/// rewrite becomes a fixed edit that the outer function's text includes.
///
//===----------------------------------------------------------------------===//
#include "Frontend/HoistAction.h"

#include "Analysis/AsyncFunctions.h"
#include "Basic/Diagnostic.h"
#include "Emit/FormatOutput.h"
#include "Emit/FutureEmitter.h"
#include "Emit/OutputFile.h"
#include "Emit/Reports.h"
#include "Frontend/MeasureFutures.h"
#include "Frontend/SafetyNet.h"
#include "Lower/FunctionLowering.h"
#include "Lower/SourceRewriter.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendActions.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/WithColor.h"

using namespace clang;

namespace hoist {

namespace {

/// While it lives, holds the diagnostics reported to `Engine`; then reports
/// them again ordered by position (each with its notes), whatever order the
/// lowering found them in.
class SortedDiagnostics : public DiagnosticConsumer {
public:
  explicit SortedDiagnostics(DiagnosticsEngine &Engine)
      : Engine(Engine), Client(Engine.getClient()), Owner(Engine.takeClient()) {
    Engine.setClient(this, /*ShouldOwnClient=*/false);
  }

  ~SortedDiagnostics() override {
    Engine.setClient(Client, /*ShouldOwnClient=*/false);
    if (Owner)
      Engine.setClient(Owner.release(), /*ShouldOwnClient=*/true);
    // A group: a diagnostic and the notes after it.
    std::vector<std::pair<size_t, size_t>> Groups;
    for (size_t I = 0; I < Stored.size(); ++I)
      if (Groups.empty() || Stored[I].getLevel() != DiagnosticsEngine::Note)
        Groups.push_back({I, I + 1});
      else
        Groups.back().second = I + 1;
    auto Before = [&](const std::pair<size_t, size_t> &A,
                      const std::pair<size_t, size_t> &B) {
      FullSourceLoc LA = Stored[A.first].getLocation();
      FullSourceLoc LB = Stored[B.first].getLocation();
      if (LA.isInvalid() || LB.isInvalid())
        return LA.isValid() && LB.isInvalid();
      return LA.getFileLoc().isBeforeInTranslationUnitThan(LB.getFileLoc());
    };
    std::stable_sort(Groups.begin(), Groups.end(), Before);
    for (const auto &G : Groups)
      for (size_t I = G.first; I < G.second; ++I)
        Engine.Report(Stored[I]);
  }

  void HandleDiagnostic(DiagnosticsEngine::Level Level,
                        const Diagnostic &Info) override {
    DiagnosticConsumer::HandleDiagnostic(Level, Info);
    Stored.emplace_back(Level, Info);
  }

private:
  DiagnosticsEngine &Engine;
  DiagnosticConsumer *Client;
  std::unique_ptr<DiagnosticConsumer> Owner;
  std::vector<StoredDiagnostic> Stored;
};

class HoistConsumer : public ASTConsumer {
public:
  HoistConsumer(CompilerInstance &CI, const ToolOptions &Opts,
                ToolResults::FileResult &Result, std::string FileName)
      : CI(CI), Opts(Opts), Result(Result), FileName(std::move(FileName)) {}

  void HandleTranslationUnit(ASTContext &Ctx) override {
    if (CI.getDiagnostics().hasErrorOccurred()) {
      Result.Failed = true;
      return;
    }
    SortedDiagnostics Sorted(CI.getDiagnostics());
    lower(Ctx);
  }

private:
  void lower(ASTContext &Ctx) {
    DiagEmitter Diags(CI.getDiagnostics());
    std::vector<AsyncFunction> Fns = findAsyncFunctions(Ctx, Diags);
    SourceRewriter Rewriter(Ctx, Diags);

    // Innermost first: a function whose body lies inside another's is
    // lowered before it.
    std::vector<size_t> Order(Fns.size());
    for (size_t I = 0; I < Order.size(); ++I)
      Order[I] = I;
    std::vector<std::pair<unsigned, unsigned>> Ranges;
    for (const AsyncFunction &F : Fns) {
      auto R = Rewriter.fileRange(F.sourceRange());
      Ranges.push_back(R.value_or(std::make_pair(0u, 0u)));
    }
    auto Inside = [&](size_t A, size_t B) {
      return A != B && Ranges[B].first <= Ranges[A].first &&
             Ranges[A].second <= Ranges[B].second;
    };
    // A nested function's range is shorter than the one around it.
    std::stable_sort(Order.begin(), Order.end(), [&](size_t A, size_t B) {
      return Ranges[A].second - Ranges[A].first < Ranges[B].second - Ranges[B].first;
    });

    std::vector<std::optional<AsyncFnShape>> Shapes(Fns.size());
    std::vector<FunctionRewrite> TopLevel;
    for (size_t I : Order) {
      Shapes[I] = lowerAsyncFunction(Fns[I], Ctx, Rewriter, Diags);
      if (!Shapes[I])
        continue;
      FunctionRewrite R = emitFunctionRewrite(*Shapes[I], Rewriter);
      bool Nested = false;
      for (size_t J = 0; J < Fns.size(); ++J)
        Nested |= Inside(I, J);
      if (!Nested) {
        TopLevel.push_back(std::move(R));
        continue;
      }
      if (R.ReturnType)
        Rewriter.addFixedEdit(*R.ReturnType);
      for (const TextEdit &P : R.Insertions)
        Rewriter.addFixedEdit(P);
      Rewriter.addFixedEdit(TextEdit{
          R.BodyBegin, R.BodyEnd,
          renderBlock(R.Body, R.BaseIndent, Opts.Lowering, lineFileName())});
    }
    if (Diags.hasErrorOccurred()) {
      Result.Failed = true;
      return;
    }

    std::vector<const AsyncFnShape *> Lowered;
    std::vector<AsyncFnShape *> ToMeasure;
    for (size_t I = 0; I < Fns.size(); ++I)
      if (Shapes[I]) {
        Lowered.push_back(&*Shapes[I]);
        ToMeasure.push_back(&*Shapes[I]);
      }
    bool Templates = llvm::any_of(
        Lowered, [](const AsyncFnShape *S) { return S->Fn->Dependent; });
    if (Opts.Verbose)
      llvm::errs() << "hoist: " << FileName << ": " << Lowered.size()
                   << " async function" << (Lowered.size() == 1 ? "" : "s")
                   << " lowered\n";
    // What the views show: the functions --function names, else all.
    std::vector<const AsyncFnShape *> Shown;
    for (const AsyncFnShape *S : Lowered)
      if (Opts.Function.empty() || S->DisplayName == Opts.Function)
        Shown.push_back(S);
    switch (Opts.Emit) {
    case EmitKind::Cpp: {
      if (!Opts.InjectLoweringBug.empty() && !TopLevel.empty())
        injectLoweringBug(TopLevel.front(), *Lowered.front());
      if (!checkNoCoroutineKeywords(TopLevel, Lowered, Diags, Ctx)) {
        Result.Failed = true;
        return;
      }
      std::vector<LineSpan> Generated;
      std::string Text = renderOutputFile(Rewriter, TopLevel, Opts.Lowering,
                                          lineFileName(), Templates, &Generated);
      // Nothing lowered: the output is the input, which compiled; one parse.
      if (Lowered.empty()) {
        Result.Output = std::move(Text);
        break;
      }
      if (Opts.Verbose)
        llvm::errs() << "hoist: " << FileName
                     << ": parsing the output again (layouts, safety net)\n";
      // Pin the layouts a compiler gives the futures (static_asserts). The
      // same parse is the safety net: the output must compile.
      std::vector<LoweredTextError> Errors;
      auto Layouts = measureFutures(CI, FileName, Text, ToMeasure, &Errors);
      if (!Errors.empty()) {
        if (!Opts.KeepUncompilable.empty()) {
          // For a bug report: the text the safety net refused.
          std::error_code EC;
          llvm::raw_fd_ostream(Opts.KeepUncompilable, EC) << Text;
        }
        std::string Mapped = Text;
        if (!Opts.Lowering.LineDirectives) {
          // Measured again with the directives that lead to the user's lines.
          LoweringOptions WithLines = Opts.Lowering;
          WithLines.LineDirectives = true;
          Mapped = renderOutputFile(Rewriter, TopLevel, WithLines, lineFileName(),
                                    Templates);
          (void)measureFutures(CI, FileName, Mapped, ToMeasure, &Errors);
        }
        reportUncompilable(Mapped, Errors, Lowered, Diags, Ctx);
        Result.Failed = true;
        return;
      }
      std::string NotPinned;
      if (!Opts.Lowering.LayoutAsserts)
        NotPinned = "lowered with --no-layout-asserts";
      else if (awaitsFuturesLoweredElsewhere(Ctx))
        // Another file's lowering may change what this one measured.
        NotPinned = "it may hold futures lowered from other files";
      if (Layouts || !NotPinned.empty())
        Text = pinFutureSizes(Text, Layouts ? *Layouts : std::vector<FutureLayout>(),
                              NotPinned);
      if (Opts.Lowering.FormatStyle != "none") {
        auto Style = outputStyle(Opts.Lowering.FormatStyle, FileName);
        if (!Style) {
          llvm::WithColor::error(llvm::errs(), "hoist")
              << "cannot format the output of '" << FileName
              << "' (--style=" << Opts.Lowering.FormatStyle
              << "): " << llvm::toString(Style.takeError()) << "\n";
          Result.Failed = true;
          return;
        }
        Text = formatGenerated(Text, Generated, *Style, Opts.Lowering.OutputFileName);
      }
      Result.Output = std::move(Text);
      break;
    }
    case EmitKind::Explain: {
      // Measured on the output with #line directives: they give each future
      // its function's line.
      LoweringOptions Measuring = Opts.Lowering;
      Measuring.LineDirectives = true;
      std::string Text =
          renderOutputFile(Rewriter, TopLevel, Measuring, lineFileName(), Templates);
      if (!Lowered.empty())
        (void)measureFutures(CI, FileName, Text, ToMeasure);
      Result.Output = renderExplain(Shown, Rewriter);
      if (awaitsFuturesLoweredElsewhere(Ctx))
        Result.Output += "note: this file awaits async functions defined in other "
                         "files; the sizes are those of their unlowered futures\n";
      break;
    }
    case EmitKind::Dot:
      Result.Output = renderDot(Shown, llvm::sys::path::filename(FileName));
      break;
    case EmitKind::Html: {
      std::string Cpp =
          renderOutputFile(Rewriter, TopLevel, LoweringOptions{false, "", ""}, lineFileName());
      Result.Output = renderHtml(Shown, Rewriter, Cpp, FileName);
      break;
    }
    }

    const SourceManager &SM = Ctx.getSourceManager();
    for (auto It = SM.fileinfo_begin(); It != SM.fileinfo_end(); ++It)
      Result.Dependencies.push_back(It->first.getName().str());
    std::sort(Result.Dependencies.begin(), Result.Dependencies.end());
  }

  /// No co_await, co_return or co_yield may be left in a lowered function.
  bool checkNoCoroutineKeywords(const std::vector<FunctionRewrite> &Rewrites,
                                const std::vector<const AsyncFnShape *> &Shapes,
                                DiagEmitter &Diags, ASTContext &Ctx) {
    LoweringOptions WithLines = Opts.Lowering;
    WithLines.LineDirectives = true;
    bool Clean = true;
    for (const FunctionRewrite &R : Rewrites) {
      std::string Block = renderBlock(R.Body, R.BaseIndent, WithLines, lineFileName());
      for (const LeftoverKeyword &K : leftoverCoroutineKeywords(Block)) {
        reportLoweringBug(Diags, Ctx, Shapes, sourceLineOf(Block, K.Offset, lineFileName()),
                          "'" + K.Spelling + "' is left in its lowered code");
        Clean = false;
        break;
      }
    }
    return Clean;
  }

  /// The second parse of the output found errors: the first is reported at
  /// the statement it comes from, the next few as notes.
  void reportUncompilable(StringRef Text, const std::vector<LoweredTextError> &Errors,
                          const std::vector<const AsyncFnShape *> &Shapes,
                          DiagEmitter &Diags, ASTContext &Ctx) {
    auto LineOf = [&](const LoweredTextError &E) -> std::optional<unsigned> {
      if (!E.Offset)
        return std::nullopt;
      return sourceLineOf(Text, *E.Offset, lineFileName());
    };
    if (Errors.empty()) {
      reportLoweringBug(Diags, Ctx, Shapes, std::nullopt, "its lowered code does not compile");
      return;
    }
    reportLoweringBug(Diags, Ctx, Shapes, LineOf(Errors.front()),
                      "its lowered code does not compile: " + Errors.front().Message);
    const size_t MaxNotes = 4;
    for (size_t I = 1; I < Errors.size() && I <= MaxNotes; ++I)
      if (auto Line = LineOf(Errors[I]))
        noteLoweringError(Diags, Ctx, *Line, Errors[I].Message);
  }

  /// --inject-lowering-bug: a line of the user's that the lowering spoiled,
  /// first in poll().
  void injectLoweringBug(FunctionRewrite &R, const AsyncFnShape &Shape) {
    std::string Text = Opts.InjectLoweringBug == "keyword"
                           ? "co_await hoist_injected_bug;"
                           : "hoist_injected_bug();";
    const std::vector<CodeLine> &Lines = R.Body.lines();
    for (size_t I = 0; I < Lines.size(); ++I) {
      if (StringRef(Lines[I].Text).find(" poll(hoist::Context &") == StringRef::npos)
        continue;
      CodeBuffer Bad;
      Bad.add(Shape.Line, Text);
      R.Body.insertLines(I + 1, Bad);
      return;
    }
  }

  std::string lineFileName() const {
    if (!Opts.Lowering.LineFileName.empty())
      return Opts.Lowering.LineFileName;
    auto It = Opts.DisplayNames.find(FileName);
    return It != Opts.DisplayNames.end() ? It->second : FileName;
  }

  CompilerInstance &CI;
  const ToolOptions &Opts;
  ToolResults::FileResult &Result;
  std::string FileName;
};

class HoistAction : public ASTFrontendAction {
public:
  HoistAction(const ToolOptions &Opts, ToolResults &Results)
      : Opts(Opts), Results(Results) {}

  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 StringRef InFile) override {
    ToolResults::FileResult &R = Results.Files[InFile.str()];
    R = ToolResults::FileResult();
    return std::make_unique<HoistConsumer>(CI, Opts, R, InFile.str());
  }

private:
  const ToolOptions &Opts;
  ToolResults &Results;
};

class HoistActionFactory : public tooling::FrontendActionFactory {
public:
  HoistActionFactory(const ToolOptions &Opts, ToolResults &Results)
      : Opts(Opts), Results(Results) {}
  std::unique_ptr<FrontendAction> create() override {
    return std::make_unique<HoistAction>(Opts, Results);
  }

private:
  const ToolOptions &Opts;
  ToolResults &Results;
};

} // namespace

std::unique_ptr<tooling::FrontendActionFactory>
newHoistActionFactory(const ToolOptions &Opts, ToolResults &Results) {
  return std::make_unique<HoistActionFactory>(Opts, Results);
}

std::optional<std::string> runHoistOnCode(StringRef Code, const ToolOptions &Opts,
                                          std::vector<std::string> ExtraArgs,
                                          StringRef FileName) {
  ToolResults Results;
  HoistAction *Action = new HoistAction(Opts, Results);
  std::vector<std::string> Args = {"-std=c++20", "-fsyntax-only"};
  Args.insert(Args.end(), ExtraArgs.begin(), ExtraArgs.end());
  bool Ok = tooling::runToolOnCodeWithArgs(std::unique_ptr<FrontendAction>(Action),
                                           Code, Args, FileName);
  auto It = Results.Files.find(FileName.str());
  if (!Ok || It == Results.Files.end() || It->second.Failed)
    return std::nullopt;
  return It->second.Output;
}

} // namespace hoist
