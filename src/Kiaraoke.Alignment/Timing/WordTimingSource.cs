using System.Text.Json.Serialization;

namespace Kiaraoke.Alignment.Timing;

/// <summary>How a word got its times.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WordTimingSource>))]
public enum WordTimingSource
{
    /// <summary>
    /// Placed by the acoustic alignment (Tier 1), or taken from a recognised ASR word (Tiers 2/3 and the segment
    /// fallback, which have no value of their own on the wire).
    /// </summary>
    [JsonStringEnumMemberName("acoustic")]
    Acoustic,

    /// <summary>Nothing to align (a number, "(x2)", an emoji): times interpolated between its neighbours, confidence 0.</summary>
    [JsonStringEnumMemberName("interpolated")]
    Interpolated,

    /// <summary>Its line could not be aligned acoustically: spread by character count over the line's window.</summary>
    [JsonStringEnumMemberName("line_spread")]
    LineSpread,
}
