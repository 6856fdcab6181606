namespace Kiaraoke.Alignment.Text;

/// <summary>One word of the lyrics exactly as written (punctuation kept), with its Enhanced-LRC start tag when the source had one.</summary>
public sealed record LyricWord(string Text, int? TaggedStartMs = null);
