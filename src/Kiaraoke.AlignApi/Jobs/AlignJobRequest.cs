using Kiaraoke.AlignApi.Pipeline;
using Kiaraoke.AlignApi.Storage;
using Kiaraoke.Alignment.Text;

namespace Kiaraoke.AlignApi.Jobs;

/// <summary>
/// What a queued alignment needs, as plain JSON in the job's one argument (Hangfire stores it): the validated request
/// of <c>/align</c> with the audio at an absolute path every replica sees (the vocals root, or the job audio folder
/// for an upload, which the job deletes when it is done).
/// </summary>
public sealed record AlignJobRequest(
    string SpotifyTrackId,
    string? YoutubeVideoId,
    string Language,
    string LyricsText,
    IReadOnlyList<AlignJobLine> Lines,
    string AudioPath,
    bool AudioIsCopy,
    string? ArtistName,
    string? TrackName,
    bool ForceRegenerate)
{
    public static AlignJobRequest From(AlignmentInput input, string audioPath, bool audioIsCopy) => new(
        input.Key.SpotifyTrackId,
        input.Key.YoutubeVideoId,
        input.Language,
        input.LyricsText,
        [.. input.Lyrics.Lines.Select(l => new AlignJobLine([.. l.Words.Select(w => w.Text)], [.. l.Words.Select(w => w.TaggedStartMs)], l.Paragraph, l.StartMs, l.EndMs))],
        audioPath,
        audioIsCopy,
        input.ArtistName,
        input.TrackName,
        input.ForceRegenerate);

    public AlignmentInput ToInput() => new(
        new TrackKey(SpotifyTrackId, YoutubeVideoId),
        Language,
        new Lyrics([.. Lines.Select(l => new LyricLine([.. l.Words.Select((w, i) => new LyricWord(w, l.TaggedStartMs.ElementAtOrDefault(i)))], l.Paragraph, l.StartMs, l.EndMs))]),
        LyricsText,
        new AudioInput(AudioPath, temporary: false),
        ArtistName,
        TrackName,
        ForceRegenerate);
}

public sealed record AlignJobLine(IReadOnlyList<string> Words, IReadOnlyList<int?> TaggedStartMs, int Paragraph, int? StartMs, int? EndMs);
