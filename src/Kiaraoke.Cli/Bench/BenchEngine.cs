using Kiaraoke.Alignment.Audio;
using Kiaraoke.Alignment.Text;
using Kiaraoke.Alignment.Timing;

namespace Kiaraoke.Cli.Bench;

/// <summary>
/// What an engine gives back for one song: the aligned words, the per-frame voice activity its acoustic model saw
/// (one value per <see cref="Kiaraoke.Alignment.Ctc.EmissionMatrix.FrameMs"/> frame; null for an engine without one),
/// and extra per-song figures that go into the CSV/JSON next to the timings (the same keys for every song).
/// </summary>
internal sealed record BenchAlignment(AlignmentResult Result, float[]? VoiceActivity = null, IReadOnlyDictionary<string, double>? Extras = null);

/// <summary>An engine under test: a golden song (lyrics with or without line times, decoded audio) in, one time span per lyric word out.</summary>
internal interface IBenchEngine
{
    string Name { get; }

    string ModelId { get; }

    string ModelSha256 { get; }

    BenchAlignment Align(GoldenSong song, PcmAudio audio, Lyrics lyrics, CancellationToken cancellationToken);
}
