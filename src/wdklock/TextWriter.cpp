//===- TextWriter.cpp - Findings in clang's diagnostic format -------------===//

#include "TextWriter.h"
#include "Paths.h"

namespace wdklock {

static void writeLine(llvm::raw_ostream &OS, const Location &L, llvm::StringRef Kind,
                      llvm::StringRef Text, llvm::StringRef Cwd) {
  if (!L.File.empty())
    OS << displayPath(L.File, Cwd) << ":" << L.Line << ":" << L.Column << ": ";
  OS << Kind << ": " << Text << "\n";
}

void writeText(llvm::raw_ostream &OS, const std::vector<Finding> &Findings,
               llvm::StringRef Cwd) {
  for (const Finding &F : Findings) {
    writeLine(OS, F.Loc, "warning", F.Text + " [" + F.Checker + "]", Cwd);
    for (const Message &N : F.Notes)
      writeLine(OS, N.Loc, "note", N.Text, Cwd);
  }
}

} // namespace wdklock
