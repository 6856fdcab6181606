using Kiaraoke.Alignment.Audio;
using Kiaraoke.Alignment.Ctc;
using Kiaraoke.Alignment.Text;
using Kiaraoke.Alignment.Timing;
using Kiaraoke.Cli;

return CliApp.Run(args, Console.Out, Console.Error);

namespace Kiaraoke.Cli
{
    /// <summary>Entry point shared by the executable and the tests: every failure becomes a one-line message and an exit code.</summary>
    internal static class CliApp
    {
        public const int Ok = 0;
        public const int UsageError = 2;
        public const int InputError = 3;
        public const int ModelError = 4;
        public const int AlignmentError = 5;
        public const int WhisperServerError = 6;

        public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
        {
            using var cancel = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                e.Cancel = true;
                cancel.Cancel();
            };
            Console.CancelKeyPress += onCancel;
            try
            {
                return args switch
                {
                    ["align", .. var rest] => AlignCommand.Run(rest, stdout, stderr, cancel.Token),
                    ["bench", .. var rest] => BenchCommand.Run(rest, stdout, stderr, cancel.Token),
                    ["--help" or "-h" or "help"] => Help(stdout, Ok),
                    _ => Help(stderr, UsageError),
                };
            }
            catch (UsageException ex)
            {
                stderr.WriteLine($"error: {ex.Message}");
                stderr.WriteLine(AlignCommand.Usage);
                return UsageError;
            }
            catch (Exception ex) when (ex is AudioDecodeException or LyricsFormatException)
            {
                stderr.WriteLine($"error: {ex.Message}");
                return InputError;
            }
            catch (ModelContractException ex)
            {
                stderr.WriteLine($"error: model: {ex.Message}");
                return ModelError;
            }
            catch (Exception ex) when (ex is CtcAlignmentException or TimingContractException)
            {
                stderr.WriteLine($"error: alignment: {ex.Message}");
                return AlignmentError;
            }
            catch (Kiaraoke.Cli.Bench.Whisper.WhisperServerException ex)
            {
                stderr.WriteLine($"error: whisper server: {ex.Message}");
                return WhisperServerError;
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
        }

        private static int Help(TextWriter writer, int code)
        {
            writer.WriteLine("kiaraoke — word-level karaoke timestamps by CTC forced alignment");
            writer.WriteLine();
            writer.WriteLine(AlignCommand.Usage);
            writer.WriteLine(BenchCommand.Usage);
            return code;
        }
    }
}
