# lit configuration for wdklock.
#
# Substitutions:
#   %clang      the clang the plugin was built for (in a sanitizer build, with the runtimes
#               preloaded: "env LD_PRELOAD=... clang")
#   %clang_path the clang binary alone; %sanitizer_env the "env LD_PRELOAD=..." prefix or nothing
#   %plugin     the built WdkLockCheckers.so
#   %analyze    clang --analyze with the plugin, the wdk checkers, text notes and -verify
#   %ddk        target and include flags for mingw-w64's DDK headers (C only)
#   %testinc    the project's own test headers (C++ declarations, StorPort)
import os
import shutil
import lit.formats

config.name = "wdklock"
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = [".c", ".cpp", ".test"]
config.excludes = ["Inputs", "gen_large.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.wdklock_obj_root, "test", "lit")

config.environment["PATH"] = os.pathsep.join(
    [config.llvm_tools_dir, os.path.join(config.wdklock_obj_root, "bin"), config.environment.get("PATH", os.environ["PATH"])])
config.available_features.add("llvm-" + config.llvm_major)
if shutil.which("nvim"):
    config.available_features.add("nvim")

# A sanitizer build (-DWDKLOCK_SANITIZE=ON): clang itself is not instrumented, so the runtimes
# are preloaded into it. Instrumented LLVM headers would poison allocator slabs that the
# uninstrumented library then hands out, so manual poisoning is off.
clang = config.clang
if config.sanitizer_preload:
    config.environment["ASAN_OPTIONS"] = "detect_leaks=0:allow_user_poisoning=0"
    config.environment["UBSAN_OPTIONS"] = "print_stacktrace=1:halt_on_error=1"
    clang = "env LD_PRELOAD='{0}' {1}".format(config.sanitizer_preload, config.clang)
    config.available_features.add("sanitizers")

ddk = "--target=x86_64-w64-mingw32 -isystem {0}/ddk -isystem {0} -Wno-#warnings".format(config.ddk_include)
analyze = ("{clang} --analyze --analyzer-output text -fplugin={plugin} "
           "-Xclang -analyzer-checker=wdk -Xclang -verify -o /dev/null").format(
               clang=clang, plugin=config.plugin)
# The clang binary itself, and the environment a sanitizer build must run it in, for tools that
# take a compiler path (scan-build --use-cc). Listed before %clang, whose name they extend.
sanitizer_env = "env LD_PRELOAD='{0}'".format(config.sanitizer_preload) if config.sanitizer_preload else ""
config.substitutions.append(("%clang_path", config.clang))
config.substitutions.append(("%sanitizer_env", sanitizer_env))
config.substitutions.append(("%analyze", analyze))
config.substitutions.append(("%ddk", ddk))
config.substitutions.append(("%testinc", os.path.join(config.test_source_root, "Inputs")))
config.substitutions.append(("%plugin", config.plugin))
config.substitutions.append(("%clang", clang))
config.substitutions.append(("%python", config.python))
config.substitutions.append(("%srcroot", config.wdklock_src_root))
