using System.Numerics;
using Kiaraoke.Alignment.Audio;
using MathNet.Numerics.IntegralTransforms;

namespace Kiaraoke.Alignment.Timing;

/// <summary>
/// Note onsets from spectral flux: a Hann-windowed STFT (512 samples, 160-sample hop: 10 ms at 16 kHz),
/// log-compressed magnitudes, the half-wave-rectified frame-to-frame increase summed over bins, then peaks above a
/// moving median plus a margin. Runs on the samples already decoded for the alignment. Its STFT frames are not the
/// 20 ms CTC frames.
/// </summary>
public sealed class SpectralFluxOnsetDetector
{
    private readonly int _frameSamples;
    private readonly int _hopSamples;
    private readonly double[] _window;

    public SpectralFluxOnsetDetector(int frameSamples = 512, int hopSamples = 160)
    {
        _frameSamples = frameSamples;
        _hopSamples = hopSamples;
        _window = new double[frameSamples];
        for (var i = 0; i < frameSamples; i++)
        {
            _window[i] = 0.5 - (0.5 * Math.Cos(2 * Math.PI * i / frameSamples));
        }
    }

    /// <summary>Onset times in milliseconds, ascending.</summary>
    public IReadOnlyList<int> Detect(PcmAudio audio, double threshold = 0.1, int medianFrames = 21, int minGapMs = 50)
    {
        var flux = Flux(audio.Samples);
        if (flux.Length < 3)
        {
            return [];
        }

        var max = flux.Max();
        if (max <= 0)
        {
            return [];
        }

        for (var i = 0; i < flux.Length; i++)
        {
            flux[i] /= max;
        }

        var onsets = new List<int>();
        var half = medianFrames / 2;
        var scratch = new double[medianFrames];
        int? lastOnset = null;
        for (var i = 1; i < flux.Length - 1; i++)
        {
            if (flux[i] < flux[i - 1] || flux[i] < flux[i + 1])
            {
                continue;
            }

            var from = Math.Max(0, i - half);
            var to = Math.Min(flux.Length, i + half + 1);
            var n = to - from;
            Array.Copy(flux, from, scratch, 0, n);
            Array.Sort(scratch, 0, n);
            var median = scratch[n / 2];
            if (flux[i] <= median + threshold)
            {
                continue;
            }

            // Frame i measures the change between frames i−1 and i; its centre marks the onset.
            var ms = (int)Math.Round(((i * _hopSamples) + (_frameSamples / 2.0)) * 1000.0 / audio.SampleRate);
            if (lastOnset is null || ms - lastOnset >= minGapMs)
            {
                onsets.Add(ms);
                lastOnset = ms;
            }
        }

        return onsets;
    }

    internal double[] Flux(float[] samples)
    {
        if (samples.Length < _frameSamples)
        {
            return [];
        }

        var frames = ((samples.Length - _frameSamples) / _hopSamples) + 1;
        var bins = (_frameSamples / 2) + 1;
        var previous = new double[bins];
        var current = new double[bins];
        var buffer = new Complex[_frameSamples];
        var flux = new double[frames];
        for (var f = 0; f < frames; f++)
        {
            var offset = f * _hopSamples;
            for (var i = 0; i < _frameSamples; i++)
            {
                buffer[i] = new Complex(samples[offset + i] * _window[i], 0);
            }

            Fourier.Forward(buffer, FourierOptions.NoScaling);
            var sum = 0.0;
            for (var k = 0; k < bins; k++)
            {
                current[k] = Math.Log(1 + (100 * buffer[k].Magnitude));
                if (f > 0)
                {
                    sum += Math.Max(0, current[k] - previous[k]);
                }
            }

            flux[f] = sum;
            (previous, current) = (current, previous);
        }

        return flux;
    }
}
