namespace Kiaraoke.AlignApi.Storage;

/// <summary>The <c>source</c> values Kiaraoke ranks, their priority (lower wins) and the TTL class each belongs to.</summary>
public static class TimestampSources
{
    public const string UserCorrected = "user_corrected";
    public const string MusixmatchWord = "musixmatch_word";

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
