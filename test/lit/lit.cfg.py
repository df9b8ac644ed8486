# lit configuration for wdklock.
#
# Substitutions:
#   %clang      the clang the plugin was built for
#   %plugin     the built WdkLockCheckers.so
#   %analyze    clang --analyze with the plugin, the wdk checkers, text notes and -verify
#   %ddk        target and include flags for mingw-w64's DDK headers (C only)
#   %testinc    the project's own test headers (C++ declarations, StorPort)
import os
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

ddk = "--target=x86_64-w64-mingw32 -isystem {0}/ddk -isystem {0} -Wno-#warnings".format(config.ddk_include)
analyze = ("{clang} --analyze --analyzer-output text -fplugin={plugin} "
           "-Xclang -analyzer-checker=wdk -Xclang -verify -o /dev/null").format(
               clang=config.clang, plugin=config.plugin)
config.substitutions.append(("%analyze", analyze))
config.substitutions.append(("%ddk", ddk))
config.substitutions.append(("%testinc", os.path.join(config.test_source_root, "Inputs")))
config.substitutions.append(("%plugin", config.plugin))
config.substitutions.append(("%clang", config.clang))
config.substitutions.append(("%python", config.python))
config.substitutions.append(("%srcroot", config.wdklock_src_root))
