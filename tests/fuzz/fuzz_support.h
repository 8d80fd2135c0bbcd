// What the fuzz targets share. Each target (targets/<name>.cpp) defines LLVMFuzzerTestOneInput: built with clang
// and -fsanitize=fuzzer,address,undefined it is a libFuzzer binary (tests/fuzz/run.sh); built with any compiler
// and replay_main.cpp it replays a corpus folder once (ctest: fuzz.<name>).
//
// A target feeds the input to one reader. audit::Error is the reader's way of refusing bad input and is expected;
// anything else escaping (std::out_of_range, a Poco exception, a crash, a sanitizer report) is a finding.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

#include "audit/base/error.h"

namespace fuzz {

// The input written to a file of this process's scratch folder (readers that take a path), named with `ext`.
std::string writeInput(const std::uint8_t* data, std::size_t size, const std::string& ext);
// The same for text already in hand.
std::string writeText(const std::string& text, const std::string& name);

// Runs f(); swallows audit::Error (the reader refused the input, as it should), lets anything else through.
template <class F>
void expectErrorOrSuccess(F&& f) {
    try {
        f();
    } catch (const audit::Error&) {
    }
}

}  // namespace fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
