//===- Paths.cpp - Absolute paths, shown paths and file URIs --------------===//

#include "Paths.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace wdklock {

std::string absolutePath(llvm::StringRef Path, llvm::StringRef Base) {
  llvm::SmallString<256> P(Path);
  if (llvm::sys::path::is_relative(P)) {
    llvm::SmallString<256> Full(Base);
    llvm::sys::path::append(Full, P);
    P = Full;
  }
  llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  return std::string(P);
}

std::string currentDirectory() {
  llvm::SmallString<256> P;
  if (llvm::sys::fs::current_path(P))
    return "";
  return std::string(P);
}

std::string displayPath(llvm::StringRef AbsolutePath, llvm::StringRef Cwd) {
  llvm::StringRef Rest = AbsolutePath;
  if (!Cwd.empty() && Rest.consume_front(Cwd) && !Rest.empty() &&
      llvm::sys::path::is_separator(Rest.front()))
    return Rest.drop_front().str();
  return AbsolutePath.str();
}

std::string fileUri(llvm::StringRef AbsolutePath) {
  std::string Uri = "file://";
  llvm::SmallString<256> Path(AbsolutePath);
  llvm::sys::path::native(Path, llvm::sys::path::Style::posix);
  if (!llvm::StringRef(Path).starts_with("/"))
    Uri += '/'; // C:/dir -> file:///C:/dir
  for (char C : Path) {
    if (llvm::isAlnum(C) || llvm::StringRef("/-._~:@!$&'()*+,;=").contains(C)) {
      Uri += C;
    } else {
      Uri += '%';
      Uri += llvm::hexdigit((unsigned char)C >> 4, /*LowerCase=*/false);
      Uri += llvm::hexdigit((unsigned char)C & 15, /*LowerCase=*/false);
    }
  }
  return Uri;
}

} // namespace wdklock
