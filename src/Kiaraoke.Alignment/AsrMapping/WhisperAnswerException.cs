namespace Kiaraoke.Alignment.AsrMapping;

/// <summary>What is wrong with a Whisper answer <see cref="WhisperAnswerReader"/> could not read.</summary>
public enum WhisperAnswerProblem
{
    /// <summary>Not JSON, not an object, or a word/segment without its numbers.</summary>
    Malformed,

    /// <summary>Times in no unit the guard accepts, or words and segments in different units.</summary>
    TimeUnitRefused,
}

/// <summary>A Whisper answer that is not a usable transcription.</summary>
public sealed class WhisperAnswerException(WhisperAnswerProblem problem, string message, Exception? inner = null) : Exception(message, inner)
{
    public WhisperAnswerProblem Problem { get; } = problem;
}
