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
            ["songs"] = new JsonArray(perSong.Select(p => (JsonNode)new JsonObject
            {
                ["song"] = p.song.Id,
                ["language"] = p.song.Language,
                ["words"] = p.song.Words.Count,
                ["metrics"] = Stats(keys, p.values),
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

    /// <summary>Rebuilds SUMMARY.md: one row per engine × line mode found in the folder.</summary>
    public static void WriteSummary(string outDirectory)
    {
        var rows = new List<(string Engine, string Lines, string Model, JsonObject Overall, string Commit)>();
        foreach (var file in Directory.GetFiles(outDirectory, "*.json").Order(StringComparer.Ordinal))
        {
            var node = JsonNode.Parse(File.ReadAllText(file)) as JsonObject;
            if (node?["overall"] is JsonObject overall && node["engine"] is not null)
            {
                rows.Add((node["engine"]!.GetValue<string>(), node["lines"]!.GetValue<string>(), node["model_id"]!.GetValue<string>(), overall, node["git_commit"]?.GetValue<string>() ?? "?"));
            }
        }

        string Cell(JsonObject overall, string key, bool percent)
        {
            var mean = overall[key]?["mean"];
            if (mean is null)
            {
                return "–";
            }

            var value = mean.GetValue<double>();
            return percent ? (value * 100).ToString("0.0", Invariant) + " %" : value.ToString("0.000", Invariant);
        }

        var order = new[] { "none", "oracle", "jittered" };
        var md = new StringBuilder();
        md.AppendLine("| engine | model | lines | AAE (s) | median (s) | P95 (s) | Hit@100 | Hit@150 | Hit@300 | > 1 s | Perc | line_sync_ok | end AAE (s) | RTF total | commit |");
        md.AppendLine("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in rows.OrderBy(r => r.Engine, StringComparer.Ordinal).ThenBy(r => Array.IndexOf(order, r.Lines)))
        {
            md.AppendLine($"| {r.Engine} | {r.Model} | {r.Lines} | {Cell(r.Overall, "start_aae", false)} | {Cell(r.Overall, "start_median", false)} | {Cell(r.Overall, "start_p95", false)} | {Cell(r.Overall, "start_hit100", true)} | {Cell(r.Overall, "start_hit150", true)} | {Cell(r.Overall, "start_hit300", true)} | {Cell(r.Overall, "start_over1000", true)} | {Cell(r.Overall, "perc", true)} | {Cell(r.Overall, "line_sync_ok", true)} | {Cell(r.Overall, "end_aae", false)} | {Cell(r.Overall, "rtf_total", false)} | {r.Commit} |");
        }

        File.WriteAllText(Path.Combine(outDirectory, "SUMMARY.md"), md.ToString());
    }

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
