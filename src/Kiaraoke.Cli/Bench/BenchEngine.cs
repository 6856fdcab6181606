using Kiaraoke.Alignment.Audio;
using Kiaraoke.Alignment.Text;
using Kiaraoke.Alignment.Timing;

namespace Kiaraoke.Cli.Bench;

/// <summary>An engine under test: lyrics (with or without line times) and decoded audio in, one time span per lyric word out.</summary>
internal interface IBenchEngine
{
    string Name { get; }

    string ModelId { get; }

    string ModelSha256 { get; }

    AlignmentResult Align(PcmAudio audio, Lyrics lyrics, CancellationToken cancellationToken);
}
