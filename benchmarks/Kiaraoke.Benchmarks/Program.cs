using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Kiaraoke.Benchmarks.AlignmentCoreBenchmark).Assembly).Run(args);
