using BenchmarkDotNet.Running;
using Kiaraoke.Benchmarks;

if (args is ["--write-viterbi-inputs", var directory])
{
    // Inputs for the C++ reference (cpp/forced_align_reference.cpp): the unwindowed kernel cases, byte for byte.
    ViterbiInputFile.WriteAll(directory);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(AlignmentCoreBenchmark).Assembly).Run(args);
