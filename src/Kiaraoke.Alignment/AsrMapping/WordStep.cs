namespace Kiaraoke.Alignment.AsrMapping;

/// <summary>
/// One move of the word alignment and the last lyric and ASR word indices it consumes (a two-word move also consumes
/// the word before).
/// </summary>
internal readonly record struct WordStep(WordMove Move, int Lyric, int Asr);
