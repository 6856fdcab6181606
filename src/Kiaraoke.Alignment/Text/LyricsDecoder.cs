using System.Text;

namespace Kiaraoke.Alignment.Text;

/// <summary>Turns lyric file bytes into text, strictly: invalid UTF-8 is an error that names the byte, never a silent replacement character.</summary>
public static class LyricsDecoder
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }
        else if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return Encoding.Unicode.GetString(bytes[2..]);
        }
        else if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return Encoding.BigEndianUnicode.GetString(bytes[2..]);
        }

        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            var offset = ex.Index >= 0 ? $" at byte offset {ex.Index}" : string.Empty;
            var bad = ex.BytesUnknown is { Length: > 0 } b ? $" (byte 0x{b[0]:X2})" : string.Empty;
            throw new LyricsFormatException(
                $"The lyrics are not valid UTF-8{offset}{bad}. Save them as UTF-8 (Latin-1/Windows-1252 files must be converted).");
        }
    }
}
