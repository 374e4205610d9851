//===- MeasureFutures.cpp - The layouts the compiler gives the futures ----===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// A second, in-memory parse of the lowered text with the options of the
/// first: clang's ASTRecordLayout of each future class is the layout every
/// Itanium C++ ABI compiler gives it (g++ included; the static_asserts check
/// that). Futures are found as local classes with the shapes' class names;
/// each is matched to its shape by the line its function's name is on, which
/// the #line directives keep.
///
//===----------------------------------------------------------------------===//
#include "Frontend/MeasureFutures.h"

#include "Analysis/AsyncFunctions.h"
#include "Emit/FutureEmitter.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/RecordLayout.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Lex/PreprocessorOptions.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/MemoryBuffer.h"

#include <algorithm>

using namespace clang;

namespace hoist {

namespace {

/// One future class of the second parse.
struct Measured {
  std::string Name;
  unsigned FunctionLine = 0;   ///< presumed line of its function's name
  unsigned Offset = 0;         ///< where it is in the text
  bool Instantiated = false;   ///< a member of a template's instantiation
  AsyncFnShape::MeasuredLayout Layout;
};

std::string instanceName(const FunctionDecl *F, const PrintingPolicy &P) {
  std::string Name;
  llvm::raw_string_ostream OS(Name);
  F->getNameForDiagnostic(OS, P, /*Qualified=*/true);
  return Name;
}

class FutureFinder : public RecursiveASTVisitor<FutureFinder> {
public:
  FutureFinder(ASTContext &Ctx, const std::vector<std::string> &Names,
               std::vector<Measured> &Out)
      : Ctx(Ctx), Names(Names), Out(Out) {}

  bool shouldVisitTemplateInstantiations() const { return true; }

  bool VisitCXXRecordDecl(CXXRecordDecl *RD) {
    if (!RD->isThisDeclarationADefinition() || !RD->isLocalClass() ||
        !RD->getIdentifier() || RD->isDependentType() || RD->isInvalidDecl() ||
        !llvm::is_contained(Names, RD->getName()))
      return true;
    const SourceManager &SM = Ctx.getSourceManager();
    SourceLocation Loc = SM.getExpansionLoc(RD->getLocation());
    if (SM.getFileID(Loc) != SM.getMainFileID())
      return true;
    const FunctionDecl *Fn = RD->isLocalClass();
    Measured M;
    M.Name = RD->getName().str();
    M.Offset = SM.getFileOffset(Loc);
    M.FunctionLine = SM.getPresumedLineNumber(SM.getExpansionLoc(Fn->getLocation()));
    const auto *Method = dyn_cast<CXXMethodDecl>(Fn);
    if (Method && Method->getParent()->isLambda())
      M.FunctionLine = SM.getPresumedLineNumber(
          SM.getExpansionLoc(Method->getParent()->getLocation()));
    M.Instantiated = Fn->isTemplateInstantiation() ||
                     (Method && Method->getParent()->getTemplateInstantiationPattern()) ||
                     Fn->getTemplateInstantiationPattern();
    if (M.Instantiated)
      M.Layout.Instance = instanceName(Fn, Ctx.getPrintingPolicy());
    const ASTRecordLayout &L = Ctx.getASTRecordLayout(RD);
    M.Layout.Size = L.getSize().getQuantity();
    M.Layout.Align = L.getAlignment().getQuantity();
    addMembers(RD, 0, M.Layout.Members);
    std::stable_sort(M.Layout.Members.begin(), M.Layout.Members.end(),
                     [](const auto &A, const auto &B) { return A.Offset < B.Offset; });
    Out.push_back(std::move(M));
    return true;
  }

private:
  /// Fields, with those of anonymous unions at the union's offset.
  void addMembers(const RecordDecl *RD, uint64_t Base,
                  std::vector<AsyncFnShape::MeasuredLayout::Member> &Members) {
    const ASTRecordLayout &L = Ctx.getASTRecordLayout(RD);
    for (const FieldDecl *F : RD->fields()) {
      uint64_t Offset = Base + Ctx.toCharUnitsFromBits(
                                   L.getFieldOffset(F->getFieldIndex())).getQuantity();
      if (F->isAnonymousStructOrUnion()) {
        addMembers(F->getType()->getAsRecordDecl(), Offset, Members);
        continue;
      }
      uint64_t Size = F->getType()->isReferenceType()
                          ? Ctx.getTypeSizeInChars(Ctx.VoidPtrTy).getQuantity()
                          : Ctx.getTypeSizeInChars(F->getType()).getQuantity();
      Members.push_back({F->getName().str(), Offset, Size});
    }
  }

  ASTContext &Ctx;
  const std::vector<std::string> &Names;
  std::vector<Measured> &Out;
};

class MeasureConsumer : public ASTConsumer {
public:
  MeasureConsumer(const std::vector<std::string> &Names, std::vector<Measured> &Out)
      : Names(Names), Out(Out) {}
  void HandleTranslationUnit(ASTContext &Ctx) override {
    if (Ctx.getDiagnostics().hasErrorOccurred())
      return;
    FutureFinder(Ctx, Names, Out).TraverseAST(Ctx);
  }

private:
  const std::vector<std::string> &Names;
  std::vector<Measured> &Out;
};

class MeasureAction : public ASTFrontendAction {
public:
  MeasureAction(const std::vector<std::string> &Names, std::vector<Measured> &Out)
      : Names(Names), Out(Out) {}
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &,
                                                 StringRef) override {
    return std::make_unique<MeasureConsumer>(Names, Out);
  }

private:
  const std::vector<std::string> &Names;
  std::vector<Measured> &Out;
};

/// Keeps the second parse's errors, each placed in the main file (the
/// lowered text) where it or one of its notes is.
class ErrorCollector : public DiagnosticConsumer {
public:
  explicit ErrorCollector(std::vector<LoweredTextError> &Out) : Out(Out) {}

  void HandleDiagnostic(DiagnosticsEngine::Level Level,
                        const Diagnostic &Info) override {
    DiagnosticConsumer::HandleDiagnostic(Level, Info);
    if (Level >= DiagnosticsEngine::Error) {
      LoweredTextError E;
      llvm::SmallString<128> Message;
      Info.FormatDiagnostic(Message);
      E.Message = Message.str().str();
      E.Offset = mainFileOffset(Info);
      Out.push_back(std::move(E));
      InError = true;
      return;
    }
    if (Level == DiagnosticsEngine::Note && InError && !Out.back().Offset)
      Out.back().Offset = mainFileOffset(Info);
    else if (Level != DiagnosticsEngine::Note)
      InError = false;
  }

private:
  static std::optional<unsigned> mainFileOffset(const Diagnostic &Info) {
    if (!Info.hasSourceManager() || Info.getLocation().isInvalid())
      return std::nullopt;
    const SourceManager &SM = Info.getSourceManager();
    SourceLocation Loc = SM.getFileLoc(Info.getLocation());
    if (!SM.isInMainFile(Loc))
      return std::nullopt;
    return SM.getFileOffset(Loc);
  }

  std::vector<LoweredTextError> &Out;
  bool InError = false;
};

/// Parses `Text` as `MainFile` with CI's options; the futures, in text order.
std::optional<std::vector<Measured>> parseAndMeasure(CompilerInstance &CI,
                                                     StringRef MainFile,
                                                     StringRef Text,
                                                     const std::vector<std::string> &Names,
                                                     std::vector<LoweredTextError> &Errors) {
  auto Inv = std::make_shared<CompilerInvocation>(CI.getInvocation());
  FrontendOptions &FO = Inv->getFrontendOpts();
  InputKind Kind = FO.Inputs.empty() ? InputKind(Language::CXX) : FO.Inputs[0].getKind();
  FO.Inputs.clear();
  FO.Inputs.emplace_back(MainFile, Kind);
  FO.ProgramAction = frontend::ParseSyntaxOnly;
  FO.OutputFile.clear();
  Inv->getDependencyOutputOpts() = DependencyOutputOptions();
  // Only errors count here: warnings are the compiler's business, and the
  // user's expected-diagnostic comments are about the input.
  Inv->getDiagnosticOpts().IgnoreWarnings = true;
  Inv->getDiagnosticOpts().VerifyDiagnostics = false;
  Inv->getDiagnosticOpts().ShowCarets = false; // and no "N errors generated"
  PreprocessorOptions &PO = Inv->getPreprocessorOpts();
  PO.RemappedFileBuffers.clear();
  PO.RemappedFiles.clear();
  PO.addRemappedFile(MainFile, llvm::MemoryBuffer::getMemBufferCopy(Text, MainFile).release());
  PO.RetainRemappedFileBuffers = false;

  CompilerInstance Second(CI.getPCHContainerOperations());
  Second.setInvocation(std::move(Inv));
  Second.createDiagnostics(new ErrorCollector(Errors), /*ShouldOwnClient=*/true);
  Second.createFileManager(CI.getFileManager().getVirtualFileSystemPtr());
  std::vector<Measured> Out;
  MeasureAction Action(Names, Out);
  // The lowered text may be what clang cannot compile (it has crashed on a
  // local class in a generic lambda in a template): then it is not measured,
  // and the tool goes on.
  llvm::CrashRecoveryContext::Enable();
  llvm::CrashRecoveryContext Recovery;
  bool Parsed = false;
  if (!Recovery.RunSafely([&] { Parsed = Second.ExecuteAction(Action); }))
    return std::nullopt;
  if (!Parsed || Second.getDiagnostics().hasErrorOccurred())
    return std::nullopt;
  std::stable_sort(Out.begin(), Out.end(),
                   [](const Measured &A, const Measured &B) { return A.Offset < B.Offset; });
  return Out;
}

} // namespace

/// Whether the async lambda `Fn` is generic or nested in a generic lambda.
static bool insideGenericLambda(const AsyncFunction &Fn) {
  if (Fn.Lambda->isGenericLambda())
    return true;
  for (const DeclContext *DC = Fn.Lambda->getLambdaClass()->getDeclContext(); DC;
       DC = DC->getParent())
    if (const auto *RD = dyn_cast<CXXRecordDecl>(DC); RD && RD->isGenericLambda())
      return true;
    else if (const auto *MD = dyn_cast<CXXMethodDecl>(DC);
             MD && MD->getParent()->isGenericLambda())
      return true;
  return false;
}

std::optional<std::vector<FutureLayout>>
measureFutures(CompilerInstance &CI, StringRef MainFile, StringRef LoweredText,
               const std::vector<AsyncFnShape *> &Shapes,
               std::vector<LoweredTextError> *Errors) {
  std::vector<std::string> Names;
  for (const AsyncFnShape *S : Shapes) {
    // clang 19 recurses without end on the future of an async lambda in a
    // template when it is, or is inside, a generic lambda (a local class
    // of a generic lambda's instantiation); g++ compiles it. Such a file is
    // not measured.
    if (S->Fn->Lambda && S->Fn->Dependent && insideGenericLambda(*S->Fn))
      return std::nullopt;
    Names.push_back(S->FutureName);
  }
  std::vector<LoweredTextError> Reported;
  auto Found = parseAndMeasure(CI, MainFile, LoweredText, Names, Reported);
  if (Errors)
    *Errors = std::move(Reported);
  if (!Found)
    return std::nullopt;
  std::vector<FutureLayout> Layouts;
  for (AsyncFnShape *S : Shapes)
    S->Measured.clear();
  for (const Measured &M : *Found) {
    Layouts.push_back({M.Name, M.Offset, M.Instantiated, M.Layout.Size, M.Layout.Align});
    for (AsyncFnShape *S : Shapes)
      if (M.Name == S->FutureName && M.FunctionLine == S->Line)
        S->Measured.push_back(M.Layout);
  }
  return Layouts;
}

namespace {
/// Finds a call to an async function defined outside the main file.
class ForeignCallFinder : public RecursiveASTVisitor<ForeignCallFinder> {
public:
  explicit ForeignCallFinder(const SourceManager &SM) : SM(SM) {}
  bool VisitCallExpr(CallExpr *Call) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    const FunctionDecl *Def = nullptr;
    if (Callee && asyncOutputType(Callee->getDeclaredReturnType()) &&
        Callee->hasBody(Def) && !SM.isInMainFile(SM.getExpansionLoc(Def->getLocation())))
      Found = true;
    return !Found;
  }
  const SourceManager &SM;
  bool Found = false;
};
} // namespace

bool awaitsFuturesLoweredElsewhere(ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  ForeignCallFinder F(SM);
  for (Decl *D : Ctx.getTranslationUnitDecl()->decls()) {
    if (!SM.isInMainFile(SM.getExpansionLoc(D->getLocation())))
      continue;
    F.TraverseDecl(D);
    if (F.Found)
      return true;
  }
  return false;
}

std::string pinFutureSizes(StringRef Text, const std::vector<FutureLayout> &Layouts,
                           StringRef NotPinned) {
  // A placeholder follows its class (a template's class has none): its
  // layout is the last one of that name measured before it.
  std::string Out;
  size_t Pos = 0;
  const StringRef Head = "static_assert(";
  for (;;) {
    size_t At = Text.find("static_assert(sizeof(", Pos);
    if (At == StringRef::npos)
      break;
    size_t Cond = At + Head.size();
    size_t NameBegin = Cond + 7;
    StringRef Name = Text.slice(NameBegin, Text.find(')', NameBegin));
    std::string Placeholder = futureSizePlaceholder(Name);
    const FutureLayout *L = nullptr;
    if (!Text.substr(Cond).starts_with(Placeholder)) {
      Out += Text.slice(Pos, Cond).str();
      Pos = Cond;
      continue;
    }
    if (!NotPinned.empty()) {
      size_t End = Text.find('\n', At);
      End = End == StringRef::npos ? Text.size() : End;
      Out += Text.slice(Pos, At).str() + "// (layout not pinned: " + NotPinned.str() + ")";
      Pos = End;
      continue;
    }
    for (const FutureLayout &F : Layouts)
      if (F.Offset < At && F.Name == Name && !F.Instantiated)
        L = &F;
    Out += Text.slice(Pos, Cond).str();
    Pos = Cond;
    if (!L)
      continue;
    Out += "sizeof(" + Name.str() + ") == " + std::to_string(L->Size) + " && alignof(" +
           Name.str() + ") == " + std::to_string(L->Align);
    Pos += Placeholder.size();
  }
  Out += Text.substr(Pos).str();
  return Out;
}

} // namespace hoist
