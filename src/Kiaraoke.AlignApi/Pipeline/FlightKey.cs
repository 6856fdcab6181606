using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace Kiaraoke.AlignApi.Pipeline;

/// <summary>
/// The single-flight key of a request: the track, plus a fingerprint of what is computed (language, every lyric line
/// with its words and times, the audio's bytes). Two requests share a computation only when they would compute the
/// same thing, so a /regenerate with new lyrics never joins an in-flight computation of the old ones.
/// </summary>
public static class FlightKey
{
    public static string For(AlignmentInput input)
    {
        var hash = new XxHash128();
        var text = new StringBuilder().Append(input.Language).Append('\n');
        foreach (var line in input.Lyrics.Lines)
        {
            text.Append(line.StartMs?.ToString(CultureInfo.InvariantCulture)).Append('|')
                .Append(line.EndMs?.ToString(CultureInfo.InvariantCulture)).Append('|')
                .AppendJoin('\u001f', line.Words.Select(w => w.Text + "@" + w.TaggedStartMs?.ToString(CultureInfo.InvariantCulture)))
                .Append('\n');
        }

        // No lyrics given: the artist and title decide which lyrics the look-up finds.
        text.Append(input.ArtistName).Append('\u001e').Append(input.TrackName).Append('\n');
        hash.Append(Encoding.UTF8.GetBytes(text.ToString()));
        try
        {
            using var audio = File.OpenRead(input.Audio.Path);
            hash.Append(audio);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Unreadable audio fails in the computation with a clear error; the key then stays unique.
            hash.Append(Guid.NewGuid().ToByteArray());
        }

        return $"{input.Key}#{Convert.ToHexStringLower(hash.GetCurrentHash())}";
    }
}
