namespace Kiaraoke.Cli;

/// <summary><c>kiaraoke bench</c>: placeholder until the benchmark issue lands; refuses clearly instead of pretending.</summary>
internal static class BenchCommand
{
    public const string Usage = "kiaraoke bench --golden DIR --engine ctc|uniform|line-spread [--model DIR] [--lines none|oracle|jittered] [--runs 3] --out DIR";

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        _ = args;
        _ = stdout;
        _ = cancellationToken;
        stderr.WriteLine("error: 'bench' is not implemented yet.");
        return CliApp.UsageError;
    }
}
