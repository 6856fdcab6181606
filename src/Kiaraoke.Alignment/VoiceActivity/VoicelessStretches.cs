namespace Kiaraoke.Alignment.VoiceActivity;

/// <summary>
/// Finds the long stretches where no voice sounds, from per-frame voice activity (see <see cref="FrameVoiceActivity"/>):
/// a frame is voiceless when the highest activity within ±<see cref="BridgeFrames"/> frames stays under the threshold
/// (so a held note or a breath between two phrases does not count), and only runs of at least <c>minimumFrames</c> such
/// frames are returned. Unlike <see cref="QuietStretches"/> it does not need the music to be quiet: on a full mix the
/// model's letters fall silent in an instrumental break even though the level stays up.
/// </summary>
public static class VoicelessStretches
{
    public const int BridgeFrames = 10;

    /// <returns>For each frame, true when it lies in a voiceless stretch.</returns>
    public static bool[] Find(ReadOnlySpan<float> activity, double threshold, int minimumFrames)
    {
        var frames = activity.Length;
        var voiceless = new bool[frames];
        var runStart = -1;
        for (var t = 0; t <= frames; t++)
        {
            var isVoiceless = t < frames && HighestAround(activity, t) < threshold;
            if (isVoiceless && runStart < 0)
            {
                runStart = t;
            }
            else if (!isVoiceless && runStart >= 0)
            {
                if (t - runStart >= minimumFrames)
                {
                    Array.Fill(voiceless, true, runStart, t - runStart);
                }

                runStart = -1;
            }
        }

        return voiceless;
    }

    private static float HighestAround(ReadOnlySpan<float> activity, int t)
    {
        var highest = 0f;
        for (var k = Math.Max(0, t - BridgeFrames); k <= Math.Min(activity.Length - 1, t + BridgeFrames); k++)
        {
            highest = Math.Max(highest, activity[k]);
        }

        return highest;
    }
}
