using Kiaraoke.Alignment.Text;

namespace Kiaraoke.AlignApi.Fallbacks;

/// <summary>Lyrics found for a request that brought none: parsed (synced lines keep their times), as text, and from where.</summary>
public sealed record FoundLyrics(Lyrics Lyrics, string LyricsText, bool Synced, long LrcLibId);

/// <summary>
/// For <c>/align</c> requests with no lyrics but an artist and a track: LRCLib, matched on the audio's duration.
/// Synced lyrics come back as an LRC whose line times become Tier-1 line anchors; plain lyrics as text. Null when
/// LRCLib has nothing (or is instrumental, or failed): the request then goes to Whisper without lyrics.
/// </summary>
public sealed class LyricsLookup(LrcLibClient lrclib)
{
    public async Task<FoundLyrics?> FindAsync(string? artistName, string? trackName, double durationSeconds, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(artistName) || string.IsNullOrWhiteSpace(trackName) || !lrclib.IsConfigured)
        {
            return null;
        }

        var result = await lrclib.FindAsync(artistName, trackName, durationSeconds, cancellationToken).ConfigureAwait(false);
        if (result.Outcome != LrcLibOutcome.Found)
        {
            return null;
        }

        try
        {
            var lyrics = result.ToLyrics();
            return lyrics is null || lyrics.WordCount == 0
                ? null
                : new FoundLyrics(lyrics, string.Join('\n', lyrics.Lines.Select(l => l.Text)), result.IsSynced, result.Record!.Id);
        }
        catch (LyricsFormatException)
        {
            return null; // A record whose text holds no word (only tags): as good as none.
        }
    }
}
