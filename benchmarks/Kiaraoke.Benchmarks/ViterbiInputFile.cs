using Kiaraoke.Alignment.Ctc;

namespace Kiaraoke.Benchmarks;

/// <summary>
/// Writes the unwindowed <see cref="ViterbiKernelBenchmark"/> inputs for the C++ reference: int32 frames, columns,
/// targets and blank id, then the float32 log-probabilities and the int32 targets (little-endian), plus the new
/// kernel's total and path hash (computed the way the C++ program prints them) to compare against.
/// </summary>
public static class ViterbiInputFile
{
    public static void WriteAll(string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var input in new[] { ViterbiKernelBenchmark.Input.T9000_L1500, ViterbiKernelBenchmark.Input.T21000_L3000 })
        {
            var (emissions, targets, _, _) = ViterbiKernelBenchmark.Build(input);
            var path = Path.Combine(directory, $"{input}.bin");
            using (var writer = new BinaryWriter(File.Create(path)))
            {
                writer.Write(emissions.Frames);
                writer.Write(emissions.Columns);
                writer.Write(targets.Length);
                writer.Write(0);
                foreach (var value in emissions.LogProbs)
                {
                    writer.Write(value);
                }

                foreach (var target in targets)
                {
                    writer.Write(target);
                }
            }

            var aligned = CtcViterbi.Align(emissions, targets);
            long hash = 0;
            foreach (var token in aligned.TokenIndexPerFrame)
            {
                hash = unchecked((hash * 31) + token);
            }

            Console.WriteLine($"{path}: C# total {aligned.TotalLogProb:0.000} path-hash {hash}");
        }
    }
}
