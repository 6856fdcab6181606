namespace Kiaraoke.Alignment.Timing;

/// <summary>
/// The timing contract of every result this service emits: integer milliseconds, starts strictly increasing,
/// end &gt; start, no overlap with the next word, nothing past the audio, lines spanning their words — and values
/// that are milliseconds, not seconds or frames by mistake.
/// </summary>
public static class TimingContractValidator
{
    public static IReadOnlyList<string> Validate(IReadOnlyList<AlignedLine> lines, int durationMs)
    {
        var problems = new List<string>();
        var words = lines.SelectMany(l => l.Words).ToList();
        if (words.Count == 0)
        {
            problems.Add("The result has no words.");
            return problems;
        }

        for (var i = 0; i < words.Count; i++)
        {
            var w = words[i];
            if (w.StartMs < 0)
            {
                problems.Add($"Word {i} '{w.Word}' starts before 0 ms ({w.StartMs}).");
            }

            if (w.EndMs <= w.StartMs)
            {
                problems.Add($"Word {i} '{w.Word}' ends at {w.EndMs} ms, not after its start {w.StartMs} ms.");
            }

            if (w.EndMs > durationMs)
            {
                problems.Add($"Word {i} '{w.Word}' ends at {w.EndMs} ms, after the audio's end ({durationMs} ms).");
            }

            if (w.Confidence is < 0 or > 1 || double.IsNaN(w.Confidence))
            {
                problems.Add($"Word {i} '{w.Word}' has confidence {w.Confidence}, outside 0..1.");
            }

            if (w.Word.Length == 0 || w.Word != w.Word.Trim())
            {
                problems.Add($"Word {i} '{w.Word}' is empty or not trimmed.");
            }

            if (i > 0)
            {
                var previous = words[i - 1];
                if (w.StartMs <= previous.StartMs)
                {
                    problems.Add($"Word {i} '{w.Word}' starts at {w.StartMs} ms, not after word {i - 1} ({previous.StartMs} ms).");
                }

                if (previous.EndMs > w.StartMs)
                {
                    problems.Add($"Word {i - 1} '{previous.Word}' ends at {previous.EndMs} ms, overlapping word {i} starting at {w.StartMs} ms.");
                }
            }
        }

        foreach (var (line, index) in lines.Select((l, i) => (l, i)))
        {
            if (line.Words.Count == 0)
            {
                problems.Add($"Line {index} has no words.");
            }
            else if (line.StartMs != line.Words[0].StartMs || line.EndMs != line.Words[^1].EndMs)
            {
                problems.Add($"Line {index} spans {line.StartMs}–{line.EndMs} ms but its words span {line.Words[0].StartMs}–{line.Words[^1].EndMs} ms.");
            }
        }

        // Seconds written where milliseconds belong squeeze a whole song into its first instants: no real
        // alignment ends every word within the first 0.1 % of a song of several seconds.
        if (durationMs >= 5_000 && TimeUnits.Detect([words[^1].EndMs], durationMs / 1000.0) == TimeUnit.Seconds)
        {
            problems.Add($"Word times look like seconds, not milliseconds: the last word ends at {words[^1].EndMs} for an audio of {durationMs} ms.");
        }

        return problems;
    }

    public static void Enforce(IReadOnlyList<AlignedLine> lines, int durationMs)
    {
        var problems = Validate(lines, durationMs);
        if (problems.Count > 0)
        {
            throw new TimingContractException("The timeline breaks the timing contract: " + string.Join(" ", problems.Take(5)));
        }
    }
}
