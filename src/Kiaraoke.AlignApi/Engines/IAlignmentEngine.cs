using Kiaraoke.Alignment.Audio;
using Kiaraoke.Alignment.Text;
using Kiaraoke.Alignment.Timing;

namespace Kiaraoke.AlignApi.Engines;

/// <summary>The three tiers of the spec, in the order the router tries them.</summary>
public enum AlignmentTier
{
    /// <summary>CTC forced alignment of the known lyrics (in-process ONNX).</summary>
    Ctc = 1,

    /// <summary>Kiaraoke's shared whisper-asr-webservice over HTTP.</summary>
    SharedWhisper = 2,

    /// <summary>Groq's hosted Whisper, registered only with GROQ_API_KEY.</summary>
    GroqWhisper = 3,
}

/// <summary>
/// Everything an engine may use for one song: the audio decoded once (16 kHz mono) and the file it came from (for
/// engines that upload it), the parsed lyrics and their raw text (a Whisper prompt), the language.
/// </summary>
public sealed record AlignmentJob(
    string TrackId,
    string AudioPath,
    PcmAudio Audio,
    Lyrics Lyrics,
    string LyricsText,
    string Language);

/// <summary>
/// One way of turning vocals + lyrics into word times. Only the tier router knows concrete engines; everything else
/// sees this interface. Implementations are singletons, thread-safe, and honour cancellation.
/// </summary>
public interface IAlignmentEngine
{
    AlignmentTier Tier { get; }

    /// <summary>The <c>source</c> written into the Kiaraoke JSON and the cache (kiaraoke_ctc, shared_whisper, groq_whisper).</summary>
    string Source { get; }

    /// <summary>Model identity stored with results (e.g. <c>kiaraoke-ctc-v2@1a2b3c4d5e6f</c>).</summary>
    string ModelVersion { get; }

    /// <summary>False when the engine cannot run at all (model refused, service not configured); the router skips it.</summary>
    bool IsAvailable { get; }

    /// <summary>Aligns the job. The result must honour the timing contract (the router checks it).</summary>
    Task<AlignmentResult> AlignAsync(AlignmentJob job, CancellationToken cancellationToken);
}
