using Kiaraoke.Alignment.AsrMapping;

namespace Kiaraoke.Alignment.Tests.AsrMapping;

public sealed class WhisperRequestFieldsTests
{
    [Fact]
    public void The_shared_whisper_query_carries_every_option_url_encoded_with_the_language_in_lower_case()
    {
        Assert.Equal(
            "asr?task=transcribe&output=json&encode=true&word_timestamps=true&vad_filter=true&language=fr&initial_prompt=la%20mer%20%26%20toi",
            WhisperRequestFields.SharedWhisperQuery(" FR ", "la mer & toi", vadFilter: true));
        Assert.Equal(
            "asr?task=transcribe&output=json&encode=true&word_timestamps=true&vad_filter=false",
            WhisperRequestFields.SharedWhisperQuery("  ", null, vadFilter: false));
    }

    [Fact]
    public void Groq_gets_verbose_json_with_word_and_segment_times_at_temperature_zero_and_optional_language_and_prompt()
    {
        Assert.Equal(
            [("model", "whisper-large-v3-turbo"), ("response_format", "verbose_json"), ("timestamp_granularities[]", "word"),
             ("timestamp_granularities[]", "segment"), ("temperature", "0"), ("language", "es"), ("prompt", "te amo")],
            WhisperRequestFields.GroqFormFields("whisper-large-v3-turbo", "ES", "te amo"));
        Assert.Equal(5, WhisperRequestFields.GroqFormFields("m", null, null).Count);
    }
}
