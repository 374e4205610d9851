# lit configuration for Hoist: one behaviour per file, RUN lines beside the
# input. Substitutions:
#   %hoist       the tool, its generated code unformatted (--style=none): the
#                CHECK lines of the lowering's tests read its own layout
#   %hoist_fmt   the tool as users run it (generated code clang-formatted)
#   %hoist_rt    the runtime's include directory
#   %e2e         lower, build with g++ and clang++ as C++17 (-Wall -Wextra
#                -Wpedantic -Wshadow -Werror), run, compare with the C++20 reference backend,
#                print the common output (test/tools/e2e.py)
#   %gxx17, %clangxx17   compile lowered C++17 against the runtime
#   %refxx       compile the unlowered source as C++20 (reference backend)
import os
import lit.formats

config.name = "hoist"
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = [".cpp", ".test"]
config.excludes = ["Inputs"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.hoist_obj_root, "test", "lit")

rt_include = os.path.join(config.hoist_src_root, "runtime", "include")
rt_lib = config.hoist_runtime_lib
cxx17 = "-std=c++17 -Wall -Wextra -Wpedantic -Wshadow -Werror -I{} ".format(rt_include)
link = " {} -pthread".format(rt_lib)

config.substitutions.append(("%hoist_rt", rt_include))
config.substitutions.append(("%hoist_fmt", config.hoist_tool))
config.substitutions.append(("%hoist", config.hoist_tool + " --style=none"))
config.substitutions.append(("%e2e", "{} {} --hoist {} --include {} --runtime-lib {} "
                             "--gxx {} --clangxx {} -I {} --work %t".format(
                                 config.python,
                                 os.path.join(config.hoist_src_root, "test", "tools", "e2e.py"),
                                 config.hoist_tool, rt_include, rt_lib,
                                 config.gxx, config.clangxx,
                                 os.path.join(config.test_source_root, "Inputs"))))
config.substitutions.append(("%gxx17", "{} {}".format(config.gxx, cxx17)))
config.substitutions.append(("%clangxx17", "{} {}".format(config.clangxx, cxx17)))
config.substitutions.append(("%rtlib", link))
config.substitutions.append(("%refxx", "{} -std=c++20 -Wall -Wextra -I{}".format(
    config.clangxx, rt_include)))
# The tool copies the input's comments (these CHECK lines among them) into
# its output; `| %nochecks` drops them before FileCheck reads it.
config.substitutions.append(("%nochecks", "grep -v -E '^ *// *(CHECK|EXEC|[A-Z]+)(-[A-Z]+)*:'"))
config.substitutions.append(("%python", config.python))
config.substitutions.append(("%tools", os.path.join(config.hoist_src_root, "test", "tools")))
config.substitutions.append(("%inputs", os.path.join(config.test_source_root, "Inputs")))

# Optional tools: tests of the views use them where they are installed.
import shutil
for feature, tool in [("graphviz", "dot"), ("gdb", "gdb"), ("chromium", "chromium")]:
    if shutil.which(tool):
        config.available_features.add(feature)

config.environment["PATH"] = os.pathsep.join(
    [config.llvm_tools_dir, os.path.dirname(config.hoist_tool), config.environment.get("PATH", "")])
# Diagnostics without colors, in a stable order.
config.environment["TERM"] = "dumb"
