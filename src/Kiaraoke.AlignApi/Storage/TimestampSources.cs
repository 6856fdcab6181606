namespace Kiaraoke.AlignApi.Storage;

/// <summary>The <c>source</c> values Kiaraoke ranks, their priority (lower wins) and the TTL class each belongs to.</summary>
public static class TimestampSources
{
    public const string UserCorrected = "user_corrected";
    public const string MusixmatchWord = "musixmatch_word";

    /// <summary>
    /// Rows no engine of this service makes again, so never "stale" to it: user corrections and Musixmatch's word sync.
    /// </summary>
    public static bool IsCurated(string source) => source is UserCorrected or MusixmatchWord;

    /// <summary>The sources Kiaraoke's own worker writes (this service never does): they carry none of its version columns.</summary>
    public static bool IsKiaraokeWorker(string source) => source is "mms_ctc" or "torchaudio_ctc" or "whisper_timestamped";

    public static int Priority(string source) => source switch
    {
        UserCorrected => 0,
        MusixmatchWord => 1,
        "mms_ctc" or "torchaudio_ctc" or "kiaraoke_ctc" or "ctc+whisper_segments" => 2,
        "shared_whisper" or "groq_whisper" or "whisper_timestamped" => 3,
        _ => 99,
    };

    /// <summary>How long a row of <paramref name="source"/> lives; null = never expires.</summary>
    public static TimeSpan? TimeToLive(string source, Options.PersistenceOptions options)
    {
        var days = Priority(source) switch
        {
            0 => options.UserCorrectedTtlDays,
            1 => options.MusixmatchTtlDays,
            2 => options.CtcTtlDays,
            3 => options.WhisperTtlDays,
            _ => options.OtherTtlDays,
        };
        return days <= 0 ? null : TimeSpan.FromDays(days);
    }
}
