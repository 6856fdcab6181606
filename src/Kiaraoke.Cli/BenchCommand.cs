using Kiaraoke.Alignment;
using Kiaraoke.Alignment.Acoustic;
using Kiaraoke.Cli.Bench;
using Kiaraoke.Cli.Bench.Whisper;

namespace Kiaraoke.Cli;

/// <summary><c>kiaraoke bench</c>: an engine over a golden set, every annotated word scored, results as CSV, JSON and PNG.</summary>
internal static class BenchCommand
{
    public const string Usage =
        "kiaraoke bench --golden DIR --engine ctc|uniform|line-spread|whisper [--model DIR] [--lines none|oracle|jittered|lrc]\n" +
        "               [--runs 3] [--seed 1] [--out DIR] [--normalize] [--start-padding-ms 20] [--end-padding-ms 200] [--star-logprob 0] [--quiet-db -20|off] [--voice 0.1|off] [--voice-min-ms 1500] [--sung-ends on|off] [--line-start-prior-ms 150] [--threads N]\n" +
        "               [--line-margin-ms 1000] [--line-fallback 0] [--line-prior 0] [--stars edges|lines] [--onsets] [--tag NAME]\n" +
        "               [--lrc-offset-ms 0] [--lrc-offset-detect on|off] [--fill-width 0] [--voice-cost 0] [--window-edges inside|zeros] [--window-s 30] [--context-s 2] [--island-confidence 0.5] [--island-margin-ms 300]\n" +
        "               [--songs LIST]   (LIST: one song folder name per line, e.g. benchmarks/ultrastar-dev.txt)\n" +
        "               [--confidence-check] [--shift-ms 2000] [--confidence char|label|letter] [--min-confidence 0.45] [--max-low-ratio 0.35] [--min-decoy-margin 0.10] [--no-decoy]\n" +
        "               whisper: --whisper-url URL [--whisper-protocol shared-whisper|groq] [--whisper-key K (default $GROQ_API_KEY)] [--whisper-model whisper-large-v3-turbo] [--whisper-timeout-s 600]";

    private static readonly HashSet<string> Values = ["--golden", "--engine", "--model", "--lines", "--runs", "--seed", "--out", "--start-padding-ms", "--end-padding-ms", "--star-logprob", "--quiet-db", "--voice", "--voice-min-ms", "--threads", "--line-margin-ms", "--line-fallback", "--line-prior", "--stars", "--tag", "--songs", "--lrc-offset-ms", "--lrc-offset-detect", "--shift-ms", "--confidence", "--min-confidence", "--max-low-ratio", "--min-decoy-margin", "--sung-ends", "--line-start-prior-ms", "--fill-width", "--voice-cost", "--window-edges", "--window-s", "--context-s", "--island-confidence", "--island-margin-ms", "--whisper-url", "--whisper-protocol", "--whisper-key", "--whisper-model", "--whisper-timeout-s"];
    private static readonly HashSet<string> Flags = ["--normalize", "--onsets", "--confidence-check", "--no-decoy"];

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var line = CommandLine.Parse(args, Values, Flags);
        var golden = line.Require("--golden");
        var mode = LineTimes.Parse(line.Get("--lines") ?? "none");
        var runs = line.GetInt("--runs", 3);
        var seed = line.GetInt("--seed", 1);
        var output = line.Get("--out") ?? "benchmarks/results";
        var lrcOffsetMs = line.GetInt("--lrc-offset-ms", 0);
        if (lrcOffsetMs != 0 && mode != LineMode.Lrc)
        {
            throw new UsageException("--lrc-offset-ms needs --lines lrc.");
        }
        if (runs < 1)
        {
            throw new UsageException("--runs must be at least 1.");
        }

        var defaults = new AlignerOptions();
        var options = defaults with
        {
            StartPaddingMs = line.GetInt("--start-padding-ms", defaults.StartPaddingMs),
            EndPaddingMs = line.GetInt("--end-padding-ms", defaults.EndPaddingMs),
            StarLogProb = (float)line.GetDouble("--star-logprob", defaults.StarLogProb),
            QuietThresholdDb = line.Get("--quiet-db") == "off" ? null : line.GetDouble("--quiet-db", defaults.QuietThresholdDb ?? 0),
            VoiceThreshold = line.Get("--voice") switch
            {
                null => defaults.VoiceThreshold,
                "off" => null,
                _ => line.GetDouble("--voice", 0),
            },
            VoiceMinimumMs = line.GetInt("--voice-min-ms", defaults.VoiceMinimumMs),
            LineMarginMs = line.GetInt("--line-margin-ms", defaults.LineMarginMs),
            LineFallbackConfidence = line.GetDouble("--line-fallback", defaults.LineFallbackConfidence),
            LinePriorWidth = line.GetDouble("--line-prior", defaults.LinePriorWidth),
            LineStartPriorMs = line.GetInt("--line-start-prior-ms", defaults.LineStartPriorMs),
            FillPriorWidth = line.GetDouble("--fill-width", defaults.FillPriorWidth),
            VoiceCostWeight = line.GetDouble("--voice-cost", defaults.VoiceCostWeight),
            IslandConfidence = line.GetDouble("--island-confidence", defaults.IslandConfidence),
            IslandMarginMs = line.GetInt("--island-margin-ms", defaults.IslandMarginMs),
            Stars = line.Get("--stars") switch
            {
                null => defaults.Stars,
                "edges" => Kiaraoke.Alignment.Ctc.StarPlacement.Edges,
                "lines" => Kiaraoke.Alignment.Ctc.StarPlacement.EdgesAndLineBreaks,
                var other => throw new UsageException($"--stars must be edges or lines, not '{other}'."),
            },
            OnsetRefinement = line.Has("--onsets"),
            DetectLrcOffset = line.GetOnOff("--lrc-offset-detect", defaults.DetectLrcOffset),
            UseSungLineEnds = line.GetOnOff("--sung-ends", defaults.UseSungLineEnds),
            Emissions = new EmissionOptions
            {
                NormalizeWindows = line.Has("--normalize"),
                WindowSeconds = line.GetInt("--window-s", defaults.Emissions.WindowSeconds),
                ContextSeconds = line.GetInt("--context-s", defaults.Emissions.ContextSeconds),
                Edges = line.Get("--window-edges") switch
                {
                    null => defaults.Emissions.Edges,
                    "inside" => WindowEdges.InsideAudio,
                    "zeros" => WindowEdges.ZeroPadded,
                    var other => throw new UsageException($"--window-edges must be inside or zeros, not '{other}'."),
                },
            },
            DecoyCheck = !line.Has("--no-decoy"),
            Confidence = line.Get("--confidence") switch
            {
                null => defaults.Confidence,
                "char" => Kiaraoke.Alignment.Quality.ConfidenceMeasure.CharacterProbability,
                "label" => Kiaraoke.Alignment.Quality.ConfidenceMeasure.BestLabelRatio,
                "letter" => Kiaraoke.Alignment.Quality.ConfidenceMeasure.BestLetterRatio,
                var other => throw new UsageException($"--confidence must be char, label or letter, not '{other}'."),
            },
        };
        var gateDefaults = new Kiaraoke.Alignment.Quality.QualityGate();
        var gate = new Kiaraoke.Alignment.Quality.QualityGate(
            line.GetDouble("--min-confidence", gateDefaults.MinConfidenceAverage),
            line.GetDouble("--max-low-ratio", gateDefaults.MaxLowConfidenceRatio),
            line.GetDouble("--min-decoy-margin", gateDefaults.MinDecoyMargin));
        var flags = new Dictionary<string, string>
        {
            ["normalize"] = options.Emissions.NormalizeWindows.ToString().ToLowerInvariant(),
            ["window_s"] = options.Emissions.WindowSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["context_s"] = options.Emissions.ContextSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["window_edges"] = options.Emissions.Edges == WindowEdges.InsideAudio ? "inside" : "zeros",
            ["start_padding_ms"] = options.StartPaddingMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["star_logprob"] = options.StarLogProb.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["quiet_db"] = options.QuietThresholdDb?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "off",
            ["voice"] = options.VoiceThreshold?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "off",
            ["voice_min_ms"] = options.VoiceMinimumMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["end_padding_ms"] = options.EndPaddingMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["stars"] = options.Stars.ToString(),
            ["line_margin_ms"] = options.LineMarginMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["onsets"] = options.OnsetRefinement.ToString().ToLowerInvariant(),
            ["line_fallback"] = options.LineFallbackConfidence.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["line_prior"] = options.LinePriorWidth.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["lrc_offset_ms"] = lrcOffsetMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["lrc_offset_detect"] = options.DetectLrcOffset.ToString().ToLowerInvariant(),
            ["decoy_check"] = options.DecoyCheck.ToString().ToLowerInvariant(),
            ["sung_ends"] = options.UseSungLineEnds.ToString().ToLowerInvariant(),
            ["line_start_prior_ms"] = options.LineStartPriorMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["fill_width"] = options.FillPriorWidth.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["voice_cost"] = options.VoiceCostWeight.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["island_confidence"] = options.IslandConfidence.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["island_margin_ms"] = options.IslandMarginMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

        // Every option is checked before the golden set is read or a model loaded.
        var songs = GoldenSetReader.Read(golden, line.Get("--songs"));
        OnnxEmissionModel? model = null;
        WhisperServerClient? whisper = null;
        try
        {
            IBenchEngine engine = line.Require("--engine") switch
            {
                "ctc" => new CtcBenchEngine(
                    model = OnnxEmissionModel.Load(ModelLocator.Resolve(line.Get("--model")), new OnnxModelOptions { IntraOpThreads = line.GetInt("--threads", 0) }),
                    options),
                "uniform" => new UniformBaseline(),
                "line-spread" => new LineSpreadBaseline(),
                "whisper" => WhisperEngine(line, stderr, out whisper),
                var other => throw new UsageException($"--engine must be ctc, uniform, line-spread or whisper, not '{other}'."),
            };

            if (line.Has("--confidence-check"))
            {
                if (model is null)
                {
                    throw new UsageException("--confidence-check needs --engine ctc.");
                }

                var check = new ConfidenceCheck(model, options, mode, seed, line.GetInt("--shift-ms", 2_000), gate, stderr).Run(songs, cancellationToken);
                var tagged = line.Get("--tag") is { } checkTag ? $"{engine.Name}-{checkTag}" : engine.Name;
                stderr.WriteLine($"[bench] wrote {ConfidenceCheck.Write(output, $"{tagged}_{LineTimes.Name(mode)}", check)}");
                return CliApp.Ok;
            }

            stderr.WriteLine($"[bench] {songs.Count} songs, engine {engine.Name} ({engine.ModelId}), lines {LineTimes.Name(mode, lrcOffsetMs)}, {runs} run(s)");
            var results = new BenchRunner(engine, mode, seed, stderr, lrcOffsetMs).Run(songs, runs, cancellationToken);
            var name = line.Get("--tag") is { } tag ? $"{engine.Name}-{tag}" : engine.Name;
            var stem = BenchReport.Write(output, name, engine.ModelId, engine.ModelSha256, LineTimes.Name(mode, lrcOffsetMs), runs, seed, flags, results);
            BenchPlots.Write(output, stem, results[0]);
            stdout.WriteLine(File.ReadAllText(Path.Combine(output, "SUMMARY.md")));
            stderr.WriteLine($"[bench] wrote {Path.Combine(output, stem)}.csv/.json/_*.png");
            return CliApp.Ok;
        }
        finally
        {
            model?.Dispose();
            whisper?.Dispose();
        }
    }

    /// <summary>The Tier 2/3 engine: a Whisper server by URL and protocol, its words mapped onto the lyrics.</summary>
    private static WhisperBenchEngine WhisperEngine(CommandLine line, TextWriter log, out WhisperServerClient client)
    {
        var protocol = WhisperProtocols.Parse(line.Get("--whisper-protocol"));
        var url = line.Get("--whisper-url") ?? throw new UsageException("--engine whisper needs --whisper-url (shared-whisper: e.g. http://shared-whisper:9000; groq: https://api.groq.com).");
        var key = line.Get("--whisper-key") ?? Environment.GetEnvironmentVariable("GROQ_API_KEY");
        if (protocol == WhisperProtocol.Groq && string.IsNullOrWhiteSpace(key))
        {
            throw new UsageException("--whisper-protocol groq needs --whisper-key or GROQ_API_KEY.");
        }

        var model = line.Get("--whisper-model") ?? "whisper-large-v3-turbo";
        var timeoutSeconds = line.GetInt("--whisper-timeout-s", 600);
        if (timeoutSeconds < 1)
        {
            throw new UsageException("--whisper-timeout-s must be at least 1.");
        }

        client = WhisperServerClient.Create(url, protocol, key, model, TimeSpan.FromSeconds(timeoutSeconds));
        var modelId = protocol == WhisperProtocol.Groq ? $"groq:{model}" : "shared-whisper";
        return new WhisperBenchEngine(client, modelId, log);
    }
}
