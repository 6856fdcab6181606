using System.Buffers;
using Kiaraoke.Alignment.Audio;
using Kiaraoke.Alignment.Ctc;

namespace Kiaraoke.Alignment.Acoustic;

/// <summary>
/// Computes per-frame log-probabilities for a whole song in windows: under one window a single unpadded pass;
/// otherwise windows of W samples, each seen with C samples of context on each side, frames [k·W/320, (k+1)·W/320)
/// kept from window k (the reference aligners' geometry: the same frame count, the tail's padding frames dropped).
/// The edge windows' context comes from inside the song or from zero padding (<see cref="EmissionOptions.Edges"/>).
/// Then log-softmax per frame and an appended <c>&lt;star&gt;</c> column of 0.0. A model's voice-activity output,
/// read in the same run, is stitched frame for frame like the logits and attached as <see cref="EmissionMatrix.VoiceActivity"/>.
/// </summary>
public static class EmissionWindowing
{
    public static EmissionMatrix Compute(
        IEmissionModel model,
        ReadOnlySpan<float> samples,
        EmissionOptions options,
        CancellationToken cancellationToken = default,
        IProgress<double>? progress = null)
    {
        var window = options.WindowSeconds * PcmAudio.ModelSampleRate;
        var context = options.ContextSeconds * PcmAudio.ModelSampleRate;
        if (window % EmissionMatrix.HopSamples != 0 || context % EmissionMatrix.HopSamples != 0)
        {
            throw new ArgumentException($"Window and context must be whole multiples of the {EmissionMatrix.HopSamples}-sample hop.");
        }

        var classes = model.Classes;
        var columns = classes + 1;
        if (samples.Length < window)
        {
            var frames = EmissionMatrix.FramesFor(samples.Length);
            if (frames == 0)
            {
                throw new CtcAlignmentException($"The audio is too short to align: {samples.Length} samples, at least {EmissionMatrix.ReceptiveFieldSamples} (25 ms) are needed.");
            }

            var input = samples.ToArray();
            if (options.NormalizeWindows)
            {
                Normalize(input);
            }

            var singleLogits = ArrayPool<float>.Shared.Rent(frames * classes);
            var voice = model.HasVoiceActivity ? new float[frames] : null;
            try
            {
                var (modelFrames, wroteVoice) = model.RunInto(input, 1, input.Length, singleLogits, voice, cancellationToken);
                CheckFrames(modelFrames, frames, input.Length);
                CheckVoiceActivity(voice, wroteVoice);
                var single = new float[frames * columns];
                for (var t = 0; t < frames; t++)
                {
                    WriteRow(singleLogits.AsSpan(t * classes, classes), single.AsSpan(t * columns, columns));
                }

                progress?.Report(1);
                return new EmissionMatrix(single, frames, columns) { VoiceActivity = voice };
            }
            finally
            {
                ArrayPool<float>.Shared.Return(singleLogits);
            }
        }

        var chunkCount = (samples.Length + window - 1) / window;
        var extension = (chunkCount * window) - samples.Length;
        var chunkLength = window + (2 * context);
        var keepCount = window / EmissionMatrix.HopSamples;
        var totalFrames = (chunkCount * keepCount) - (extension / EmissionMatrix.HopSamples);
        var expectedChunkFrames = EmissionMatrix.FramesFor(chunkLength);
        // With InsideAudio, a chunk starts no later than where its last frame is the song's last frame.
        var latestStart = Math.Max(0, (totalFrames - expectedChunkFrames) * EmissionMatrix.HopSamples);
        var result = new float[totalFrames * columns];
        var voiceResult = model.HasVoiceActivity ? new float[totalFrames] : null;
        var batchSize = Math.Max(1, options.BatchSize);

        for (var first = 0; first < chunkCount; first += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rows = Math.Min(batchSize, chunkCount - first);
            // The model input comes from the shared pool (a 180 s song is 11.5 MB of samples); the model reads only
            // the first rows × chunk samples, cleared here so the zero padding at the song's edges stays zero.
            var batch = ArrayPool<float>.Shared.Rent(rows * chunkLength);
            // The outputs too: a window's logits are 1,699 frames × classes, copied once from ONNX Runtime's buffer.
            var logits = ArrayPool<float>.Shared.Rent(rows * expectedChunkFrames * classes);
            var voice = voiceResult is null ? null : ArrayPool<float>.Shared.Rent(rows * expectedChunkFrames);
            try
            {
                batch.AsSpan(0, rows * chunkLength).Clear();
                for (var r = 0; r < rows; r++)
                {
                    var row = batch.AsSpan(r * chunkLength, chunkLength);
                    var sourceStart = ChunkStart(first + r, window, context, latestStart, options.Edges);
                    var from = Math.Max(0, sourceStart);
                    var to = Math.Min(samples.Length, sourceStart + chunkLength);
                    if (to > from)
                    {
                        samples[from..to].CopyTo(row[(from - sourceStart)..]);
                    }

                    if (options.NormalizeWindows)
                    {
                        Normalize(row);
                    }
                }

                var (modelFrames, wroteVoice) = model.RunInto(batch, rows, chunkLength, logits, voice, cancellationToken);
                CheckFrames(modelFrames, expectedChunkFrames, chunkLength);
                CheckVoiceActivity(voice, wroteVoice);
                for (var r = 0; r < rows; r++)
                {
                    var chunk = first + r;
                    var chunkFirstFrame = ChunkStart(chunk, window, context, latestStart, options.Edges) / EmissionMatrix.HopSamples;
                    for (var k = 0; k < keepCount; k++)
                    {
                        var t = (chunk * keepCount) + k;
                        if (t >= totalFrames)
                        {
                            break;
                        }

                        var sourceFrame = (r * modelFrames) + Math.Clamp(t - chunkFirstFrame, 0, modelFrames - 1);
                        WriteRow(logits.AsSpan(sourceFrame * classes, classes), result.AsSpan(t * columns, columns));
                        if (voiceResult is not null)
                        {
                            voiceResult[t] = voice![sourceFrame];
                        }
                    }
                }

                progress?.Report(Math.Min(1.0, (double)(first + rows) / chunkCount));
            }
            finally
            {
                ArrayPool<float>.Shared.Return(batch);
                ArrayPool<float>.Shared.Return(logits);
                if (voice is not null)
                {
                    ArrayPool<float>.Shared.Return(voice);
                }
            }
        }

        return new EmissionMatrix(result, totalFrames, columns) { VoiceActivity = voiceResult };
    }

    private static void CheckVoiceActivity(float[]? expected, bool written)
    {
        if (expected is not null && !written)
        {
            throw new ModelContractException("The acoustic model announced a voice-activity output but returned none.");
        }
    }

    /// <summary>
    /// First sample of chunk <paramref name="chunk"/>. Zero-padded: k·W − C (before the song for the first chunk).
    /// Inside the audio: the same, moved forward to the song's start and back to <paramref name="latestStart"/>.
    /// Both are whole hops, so every chunk's frames sit on the song's frame grid.
    /// </summary>
    private static int ChunkStart(int chunk, int window, int context, int latestStart, WindowEdges edges)
    {
        var reference = (chunk * window) - context;
        return edges == WindowEdges.ZeroPadded ? reference : Math.Clamp(reference, 0, latestStart);
    }

    /// <summary>Frames the windowed pass yields for <paramref name="sampleCount"/> samples (the reference's geometry).</summary>
    public static int FrameCount(long sampleCount, EmissionOptions options)
    {
        long window = options.WindowSeconds * PcmAudio.ModelSampleRate;
        if (sampleCount < window)
        {
            return EmissionMatrix.FramesFor(sampleCount);
        }

        var chunks = (sampleCount + window - 1) / window;
        var extension = (chunks * window) - sampleCount;
        return (int)((chunks * (window / EmissionMatrix.HopSamples)) - (extension / EmissionMatrix.HopSamples));
    }

    /// <summary>log-softmax of one frame's logits (in double for stability) followed by the 0.0 star column.</summary>
    internal static void WriteRow(ReadOnlySpan<float> logits, Span<float> destination)
    {
        var max = double.NegativeInfinity;
        foreach (var v in logits)
        {
            max = Math.Max(max, v);
        }

        var sum = 0.0;
        foreach (var v in logits)
        {
            sum += Math.Exp(v - max);
        }

        var logSum = max + Math.Log(sum);
        for (var i = 0; i < logits.Length; i++)
        {
            destination[i] = (float)(logits[i] - logSum);
        }

        destination[logits.Length] = 0f;
    }

    private static void Normalize(Span<float> window)
    {
        double mean = 0;
        foreach (var v in window)
        {
            mean += v;
        }

        mean /= window.Length;
        double variance = 0;
        foreach (var v in window)
        {
            variance += (v - mean) * (v - mean);
        }

        variance /= window.Length;
        var scale = 1.0 / Math.Sqrt(variance + 1e-7);
        for (var i = 0; i < window.Length; i++)
        {
            window[i] = (float)((window[i] - mean) * scale);
        }
    }

    private static void CheckFrames(int actual, int expected, int samples)
    {
        if (actual != expected)
        {
            throw new ModelContractException(
                $"The acoustic model returned {actual} frames for {samples} samples; the contract requires floor((N − 400) / 320) + 1 = {expected}.");
        }
    }
}
