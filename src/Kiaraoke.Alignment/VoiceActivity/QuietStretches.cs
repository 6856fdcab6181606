using Kiaraoke.Alignment.Ctc;

namespace Kiaraoke.Alignment.VoiceActivity;

/// <summary>
/// Finds the stretches of a recording too quiet to hold a sung word, on the emission frames' grid (frame t covers
/// samples [320t, 320t + 400)). A frame's level is the loudest frame RMS (over those 25 ms of samples) within
/// ±<see cref="BridgeFrames"/> frames (so the short dips between syllables do not count); it is quiet when that level
/// is more than <c>thresholdDb</c> under the song's 95th-percentile frame RMS. Only runs of at least <c>minimumFrames</c> quiet frames are returned: on
/// separated vocals those are the breaks, where the model's stray letter spikes (bleed, breathing) would otherwise
/// pull words. On a full mix the music keeps the level up, so little or nothing is found.
/// </summary>
public static class QuietStretches
{
    public const int BridgeFrames = 10;

    /// <returns>For each frame, true when it lies in a quiet stretch.</returns>
    public static bool[] Find(ReadOnlySpan<float> samples, int frames, double thresholdDb, int minimumFrames)
    {
        var quiet = new bool[frames];
        if (frames == 0)
        {
            return quiet;
        }

        var rms = new double[frames];
        for (var t = 0; t < frames; t++)
        {
            var from = Math.Min(samples.Length, t * EmissionMatrix.HopSamples);
            var to = Math.Min(samples.Length, from + EmissionMatrix.ReceptiveFieldSamples);
            var sum = 0.0;
            for (var i = from; i < to; i++)
            {
                sum += samples[i] * (double)samples[i];
            }

            rms[t] = to > from ? Math.Sqrt(sum / (to - from)) : 0;
        }

        var sorted = (double[])rms.Clone();
        Array.Sort(sorted);
        var reference = sorted[(int)(0.95 * (frames - 1))];
        if (reference <= 0)
        {
            return quiet; // Digital silence throughout: nothing to compare with.
        }

        var floor = reference * Math.Pow(10, thresholdDb / 20);
        var runStart = -1;
        for (var t = 0; t <= frames; t++)
        {
            var isQuiet = t < frames && LoudestAround(rms, t) < floor;
            if (isQuiet && runStart < 0)
            {
                runStart = t;
            }
            else if (!isQuiet && runStart >= 0)
            {
                if (t - runStart >= minimumFrames)
                {
                    Array.Fill(quiet, true, runStart, t - runStart);
                }

                runStart = -1;
            }
        }

        return quiet;
    }

    private static double LoudestAround(double[] rms, int t)
    {
        var loudest = 0.0;
        for (var k = Math.Max(0, t - BridgeFrames); k <= Math.Min(rms.Length - 1, t + BridgeFrames); k++)
        {
            loudest = Math.Max(loudest, rms[k]);
        }

        return loudest;
    }
}
