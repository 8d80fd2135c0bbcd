#!/usr/bin/python3
"""Runs one end-to-end case folder against the real binaries (see tests/tools/README.md).

The case's files are copied to a fresh temporary folder, `cmd` is run there with bash (the built
tools first on PATH), and its exit code, stdout, stderr and files are checked against the case's
expectations. Prints what differed and exits 1 on any difference.
"""
import os
import shutil
import subprocess
import sys
import tempfile


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def lines(path):
    return [l for l in read(path).splitlines() if l.strip()]


def main():
    case = os.path.abspath(sys.argv[1])
    failures = []
    with tempfile.TemporaryDirectory(prefix="audit-e2e-") as work:
        for name in os.listdir(case):
            src = os.path.join(case, name)
            if os.path.isdir(src):
                shutil.copytree(src, os.path.join(work, name))
            else:
                shutil.copy(src, os.path.join(work, name))
        env = dict(os.environ)
        env["PATH"] = env.get("AUDIT_BIN", "") + os.pathsep + env.get("PATH", "")
        env["CASE_DIR"] = case
        env.pop("AUDIT_STORE", None)
        proc = subprocess.run(["bash", "-eo", "pipefail", "cmd"], cwd=work, env=env, capture_output=True,
                              text=True, timeout=280)
        out, err = proc.stdout, proc.stderr

        expected_exit = int(read(os.path.join(case, "exit")).strip()) if os.path.exists(os.path.join(case, "exit")) else 0
        if proc.returncode != expected_exit:
            failures.append(f"exit code {proc.returncode}, expected {expected_exit}")

        for stream, text in (("stdout", out), ("stderr", err)):
            exact = os.path.join(case, stream)
            if os.path.exists(exact) and text != read(exact):
                failures.append(f"{stream} differs from the case's '{stream}' file")
            contains = os.path.join(case, stream + ".contains")
            if os.path.exists(contains):
                for want in lines(contains):
                    if want not in text:
                        failures.append(f"{stream} lacks: {want}")
            absent = os.path.join(case, stream + ".absent")
            if os.path.exists(absent):
                for unwanted in lines(absent):
                    if unwanted in text:
                        failures.append(f"{stream} should not contain: {unwanted}")
        # A successful run says nothing on stderr unless the case says what it says.
        if expected_exit == 0 and not any(os.path.exists(os.path.join(case, f)) for f in ("stderr", "stderr.contains")):
            if err:
                failures.append("stderr should be empty")

        files_absent = os.path.join(case, "files.absent")
        if os.path.exists(files_absent):
            for pattern in lines(files_absent):
                import glob
                found = glob.glob(os.path.join(work, pattern))
                if found:
                    failures.append(f"file should not exist: {', '.join(os.path.relpath(f, work) for f in found)}")

        check = os.path.join(case, "check")
        if os.path.exists(check) and not failures:
            env["CMD_STDOUT"] = os.path.join(work, ".stdout")
            env["CMD_STDERR"] = os.path.join(work, ".stderr")
            with open(env["CMD_STDOUT"], "w", encoding="utf-8") as f:
                f.write(out)
            with open(env["CMD_STDERR"], "w", encoding="utf-8") as f:
                f.write(err)
            c = subprocess.run(["bash", "-eo", "pipefail", "check"], cwd=work, env=env, capture_output=True,
                               text=True, timeout=280)
            if c.returncode != 0:
                failures.append(f"check failed (exit {c.returncode}):\n{c.stdout}{c.stderr}")

    if failures:
        print(f"FAILED {case}")
        for f in failures:
            print("  - " + f)
        print("--- stdout ---\n" + out[-4000:])
        print("--- stderr ---\n" + err[-4000:])
        return 1
    print(f"ok {os.path.basename(os.path.dirname(case))}/{os.path.basename(case)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
