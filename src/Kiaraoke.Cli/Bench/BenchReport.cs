using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kiaraoke.Cli.Bench;

/// <summary>Writes one engine × line-mode result as CSV and JSON, and rebuilds the summary table of every result in the folder.</summary>
internal static class BenchReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static IReadOnlyDictionary<string, double> Flatten(SongRun run)
    {
        var m = run.Metrics;
        var values = new Dictionary<string, double>();
        void Add(string prefix, ErrorStats s)
        {
            values[prefix + "aae"] = s.Aae;
            values[prefix + "median"] = s.Median;
            values[prefix + "p95"] = s.P95;
            values[prefix + "hit100"] = s.Hit100;
            values[prefix + "hit150"] = s.Hit150;
            values[prefix + "hit300"] = s.Hit300;
            values[prefix + "over800"] = s.Over800;
            values[prefix + "over1000"] = s.Over1000;
        }

        Add("start_", m.Starts);
        Add("end_", m.Ends);
        values["perc"] = m.Perc;
        values["line_sync_ok"] = m.LineSyncOk;
        values["missing"] = m.Missing;
        foreach (var (key, value) in run.Timings)
        {
            values[key] = value;
        }

        return values;
    }

    public static string Write(string outDirectory, string engine, string modelId, string modelSha, string linesMode, int runs, int seed, IReadOnlyDictionary<string, string> flags, IReadOnlyList<IReadOnlyList<SongRun>> results)
    {
        Directory.CreateDirectory(outDirectory);
        var stem = $"{engine}_{linesMode}";
        var songs = results[0].Select(r => r.Song).ToList();
        var perSong = songs.Select((song, i) => (song, values: results.Select(run => Flatten(run[i])).ToList())).ToList();

        // Overall = mean over songs within a run (MIREX averages per song), then mean and spread over runs.
        var overallPerRun = results.Select(run =>
        {
            var flattened = run.Select(Flatten).ToList();
            return flattened[0].Keys.ToDictionary(k => k, k => flattened.Average(f => f[k]));
        }).ToList();

        var keys = overallPerRun[0].Keys.ToList();
        var csv = new StringBuilder();
        csv.Append("engine,model,lines,song,language,words,duration_s");
        foreach (var k in keys)
        {
            csv.Append(',').Append(k).Append(',').Append(k).Append("_std");
        }

        csv.AppendLine();
        foreach (var (song, values) in perSong)
        {
            var i = songs.IndexOf(song);
            AppendRow(csv, engine, modelId, linesMode, song.Id, song.Language, song.Words.Count, results[0][i].DurationSeconds, keys, values);
        }

        AppendRow(csv, engine, modelId, linesMode, "ALL", "-", songs.Sum(s => s.Words.Count), results[0].Sum(r => r.DurationSeconds), keys, overallPerRun);
        File.WriteAllText(Path.Combine(outDirectory, stem + ".csv"), csv.ToString());

        var json = new JsonObject
        {
            ["engine"] = engine,
            ["model_id"] = modelId,
            ["model_sha256"] = modelSha,
            ["lines"] = linesMode,
            ["runs"] = runs,
            ["seed"] = seed,
            ["flags"] = new JsonObject(flags.Select(f => KeyValuePair.Create(f.Key, (JsonNode?)f.Value))),
            ["git_commit"] = GitCommit(outDirectory),
            ["date"] = DateTimeOffset.UtcNow.ToString("O", Invariant),
            ["machine"] = $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}",
            ["overall"] = Stats(keys, overallPerRun),
            ["pooled"] = Pooled(results[0].SelectMany(r => r.Metrics.Outcomes)),
            ["songs"] = new JsonArray(perSong.Select((p, i) => (JsonNode)new JsonObject
            {
                ["song"] = p.song.Id,
                ["language"] = p.song.Language,
                ["words"] = p.song.Words.Count,
                ["metrics"] = Stats(keys, p.values),
                ["pooled"] = Pooled(results[0][i].Metrics.Outcomes),
                ["word_outcomes"] = Outcomes(results[0][i].Metrics.Outcomes),
            }).ToArray()),
        };
        File.WriteAllText(Path.Combine(outDirectory, stem + ".json"), json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        WriteSummary(outDirectory);
        return stem;
    }

    private static JsonObject Stats(IEnumerable<string> keys, IReadOnlyList<IReadOnlyDictionary<string, double>> runs)
    {
        var node = new JsonObject();
        foreach (var key in keys)
        {
            var values = runs.Select(r => r[key]).ToArray();
            node[key] = new JsonObject { ["mean"] = Json(Mean(values)), ["std"] = Json(Std(values)) };
        }

        return node;
    }

    private static JsonObject Pooled(IEnumerable<WordOutcome> outcomes) =>
        new(PooledStats.Of(outcomes).Select(p => KeyValuePair.Create(p.Key, Json(p.Value))));

    /// <summary>Every word of the first run as [ref start, ref end, predicted start, predicted end, |start error|, |end error|, position, after break].</summary>
    private static JsonArray Outcomes(IReadOnlyList<WordOutcome> outcomes) =>
        new(outcomes.Select(o => (JsonNode)new JsonArray(
            Json(o.ReferenceStart), Json(o.ReferenceEnd), Json(o.PredictedStart), Json(o.PredictedEnd),
            Json(o.StartError), Json(o.EndError), o.Position.ToString().ToLowerInvariant(), o.AfterBreak)).ToArray());

    private static JsonNode? Json(double value) => double.IsNaN(value) ? null : JsonValue.Create(Math.Round(value, 6));

    private static void AppendRow(StringBuilder csv, string engine, string model, string lines, string song, string language, int words, double duration, IEnumerable<string> keys, IReadOnlyList<IReadOnlyDictionary<string, double>> runs)
    {
        csv.Append(string.Join(',', engine, model, lines, song, language, words.ToString(Invariant), duration.ToString("0.00", Invariant)));
        foreach (var key in keys)
        {
            var values = runs.Select(r => r[key]).ToArray();
            csv.Append(',').Append(Mean(values).ToString("0.#####", Invariant)).Append(',').Append(Std(values).ToString("0.#####", Invariant));
        }

        csv.AppendLine();
    }

    private static double Mean(double[] values) => values.Average();

    private static double Std(double[] values)
    {
        if (values.Length < 2)
        {
            return 0;
        }

        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
    }

    /// <summary>
    /// Rebuilds SUMMARY.md: one row per engine × line mode found in the folder (song-mean AAE as MIREX reports it, then
    /// figures pooled over every word), and each engine against line-spread under the same line mode with paired
    /// bootstrap intervals.
    /// </summary>
    public static void WriteSummary(string outDirectory)
    {
        var rows = new List<SummaryRow>();
        foreach (var file in Directory.GetFiles(outDirectory, "*.json").Order(StringComparer.Ordinal))
        {
            var node = JsonNode.Parse(File.ReadAllText(file)) as JsonObject;
            if (node?["overall"] is JsonObject overall && node["engine"] is not null)
            {
                rows.Add(new SummaryRow(
                    node["engine"]!.GetValue<string>(),
                    node["lines"]!.GetValue<string>(),
                    node["model_id"]!.GetValue<string>(),
                    overall,
                    node["pooled"] as JsonObject,
                    node["git_commit"]?.GetValue<string>() ?? "?",
                    WordErrors(node, 4),
                    WordErrors(node, 5),
                    SongIds(node)));
            }
        }

        var order = new[] { "none", "lrc", "oracle", "jittered" };
        var sorted = rows.OrderBy(r => r.Engine, StringComparer.Ordinal).ThenBy(r => Array.IndexOf(order, r.Lines)).ToList();
        var md = new StringBuilder();
        md.AppendLine("| engine | model | lines | AAE (s) | pooled AAE | median | P95 | Hit@300 | > 1 s | start bias | AAE first / inner / last | AAE after break | end AAE | end bias | last word end AAE / bias | Perc | commit |");
        md.AppendLine("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in sorted)
        {
            var p = r.Pooled;
            md.AppendLine($"| {r.Engine} | {r.Model} | {r.Lines} | {Cell(r.Overall, "start_aae")} | {Value(p, "start_aae")} | {Value(p, "start_median")} | {Value(p, "start_p95")} | {Value(p, "start_hit300", true)} | {Value(p, "start_over1000", true)} | {Value(p, "start_bias", signed: true)} | {Value(p, "first_start_aae")} / {Value(p, "inner_start_aae")} / {Value(p, "last_start_aae")} | {Value(p, "after_break_start_aae")} | {Value(p, "end_aae")} | {Value(p, "end_bias", signed: true)} | {Value(p, "last_end_aae")} / {Value(p, "last_end_bias", signed: true)} | {Cell(r.Overall, "perc", true)} | {r.Commit} |");
        }

        md.AppendLine();
        md.AppendLine($"By position (pooled over words; each cell AAE s (signed bias s, + = late); after break = first word after ≥ {WordOutcome.BreakSeconds:0} s without a word):");
        md.AppendLine();
        md.AppendLine("| engine | lines | words first / inner / last / after break | start first | start inner | start last | start after break | end first | end inner | end last | end after break |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in sorted)
        {
            var p = r.Pooled;
            string Group(string group, string edge) => $"{Value(p, $"{group}_{edge}_aae")} ({Value(p, $"{group}_{edge}_bias", signed: true)})";
            md.AppendLine($"| {r.Engine} | {r.Lines} | {Count(p, "first_words")} / {Count(p, "inner_words")} / {Count(p, "last_words")} / {Count(p, "after_break_words")} | {Group("first", "start")} | {Group("inner", "start")} | {Group("last", "start")} | {Group("after_break", "start")} | {Group("first", "end")} | {Group("inner", "end")} | {Group("last", "end")} | {Group("after_break", "end")} |");
        }

        var comparisons = new StringBuilder();
        foreach (var r in sorted.Where(r => r.Engine != "line-spread"))
        {
            var baseline = rows.FirstOrDefault(b => b.Engine == "line-spread" && b.Lines == r.Lines);
            if (baseline is null || r.Lines == "none" || !Paired(r, baseline))
            {
                continue;
            }

            comparisons.AppendLine($"| {r.Engine} | {r.Lines} | {Comparison(r, baseline)} |");
        }

        // V1 (the service's Whisper tiers, --engine whisper, tagged or not) against every other engine but the spreads.
        var againstWhisper = new StringBuilder();
        foreach (var r in sorted.Where(r => !IsWhisper(r.Engine) && r.Engine is not ("line-spread" or "uniform")))
        {
            foreach (var whisper in sorted.Where(w => IsWhisper(w.Engine) && w.Lines == r.Lines && Paired(r, w)))
            {
                againstWhisper.AppendLine($"| {r.Engine} | {r.Lines} | {whisper.Engine} ({whisper.Model}) | {Comparison(r, whisper)} |");
            }
        }

        if (comparisons.Length > 0)
        {
            md.AppendLine();
            md.AppendLine($"Against line-spread on the same line times (pooled over words; 95 % paired bootstrap, {PairedBootstrap.Resamples} resamples):");
            md.AppendLine();
            md.AppendLine("| engine | lines | Δ start AAE (s) | line-spread AAE ÷ engine AAE | Δ end AAE (s) |");
            md.AppendLine("|---|---|---:|---:|---:|");
            md.Append(comparisons);
        }

        if (againstWhisper.Length > 0)
        {
            md.AppendLine();
            md.AppendLine($"Against Whisper mapped onto the lyrics (V1: the service's Tier 2/3) on the same line times (pooled over words; 95 % paired bootstrap, {PairedBootstrap.Resamples} resamples):");
            md.AppendLine();
            md.AppendLine("| engine | lines | whisper | Δ start AAE (s) | whisper AAE ÷ engine AAE | Δ end AAE (s) |");
            md.AppendLine("|---|---|---|---:|---:|---:|");
            md.Append(againstWhisper);
        }

        File.WriteAllText(Path.Combine(outDirectory, "SUMMARY.md"), md.ToString());
    }

    private sealed record SummaryRow(string Engine, string Lines, string Model, JsonObject Overall, JsonObject? Pooled, string Commit, double[] StartErrors, double[] EndErrors, string Songs);

    private static bool IsWhisper(string engine) => engine == "whisper" || engine.StartsWith("whisper-", StringComparison.Ordinal);

    // Two results can be paired word by word when they cover the same songs and hold every word's outcome.
    private static bool Paired(SummaryRow a, SummaryRow b) =>
        a.Songs == b.Songs && a.StartErrors.Length == b.StartErrors.Length && a.StartErrors.Length > 0;

    // Engine − baseline pooled start AAE, baseline ÷ engine start AAE, engine − baseline end AAE, each with its 95 % interval.
    private static string Comparison(SummaryRow engine, SummaryRow baseline)
    {
        var start = PairedBootstrap.Compare(engine.StartErrors, baseline.StartErrors);
        var end = PairedBootstrap.Compare(engine.EndErrors, baseline.EndErrors);
        return $"{Signed(start.Difference)} [{Signed(start.DifferenceLow)}, {Signed(start.DifferenceHigh)}] | {start.Ratio.ToString("0.00", Invariant)}× [{start.RatioLow.ToString("0.00", Invariant)}, {start.RatioHigh.ToString("0.00", Invariant)}] | {Signed(end.Difference)} [{Signed(end.DifferenceLow)}, {Signed(end.DifferenceHigh)}]";
    }

    private static string SongIds(JsonObject node) =>
        node["songs"] is JsonArray songs ? string.Join('\n', songs.Select(s => s?["song"]?.GetValue<string>())) : string.Empty;

    // The column of every word outcome of every song, in file order (empty for results written before outcomes existed).
    private static double[] WordErrors(JsonObject node, int column) =>
        node["songs"] is JsonArray songs
            ? songs.SelectMany(song => song?["word_outcomes"] as JsonArray ?? []).Select(o => o![column]!.GetValue<double>()).ToArray()
            : [];

    private static string Cell(JsonObject overall, string key, bool percent = false) =>
        overall[key]?["mean"] is { } mean ? Format(mean.GetValue<double>(), percent, false) : "–";

    private static string Value(JsonObject? pooled, string key, bool percent = false, bool signed = false) =>
        pooled?[key] is { } value ? Format(value.GetValue<double>(), percent, signed) : "–";

    private static string Count(JsonObject? pooled, string key) =>
        pooled?[key] is { } value ? value.GetValue<double>().ToString("0", Invariant) : "–";

    private static string Format(double value, bool percent, bool signed) =>
        percent ? (value * 100).ToString("0.0", Invariant) + " %" : signed ? Signed(value) : value.ToString("0.000", Invariant);

    private static string Signed(double value) => value.ToString("+0.000;−0.000;0.000", Invariant);

    /// <summary>
    /// The commit the results came from, marked "+dirty" when tracked files had uncommitted changes — other than the
    /// results folder itself, which a previous bench run rewrites.
    /// </summary>
    private static string GitCommit(string outDirectory)
    {
        var commit = Git("rev-parse", "--short", "HEAD");
        if (commit is null)
        {
            return "unknown";
        }

        return string.IsNullOrEmpty(Git("status", "--porcelain", "--untracked-files=no", "--", ".", $":(exclude){Path.GetFullPath(outDirectory)}")) ? commit : commit + "+dirty";
    }

    private static string? Git(params string[] args)
    {
        try
        {
            var info = new System.Diagnostics.ProcessStartInfo("git", args) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = System.Diagnostics.Process.Start(info)!;
            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
