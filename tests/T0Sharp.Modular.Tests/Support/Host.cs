using static TorchSharp.torch;

namespace T0Sharp.Modular.Tests.Support;

/// <summary>Tensors as host double arrays, for hand computations in the tests.</summary>
internal static class Host
{
    public static double[] D(Tensor t) => t.detach().to(ScalarType.Float64).cpu().data<double>().ToArray();

    /// <summary>Row-major accessor of a tensor's values: v[i0, i1, ...].</summary>
    public sealed class Array(Tensor t)
    {
        readonly double[] _v = D(t);
        readonly long[] _shape = t.shape;
        public double this[params long[] idx]
        {
            get
            {
                long flat = 0;
                for (var k = 0; k < idx.Length; k++) flat = flat * _shape[k] + idx[k];
                return _v[flat];
            }
        }
    }

    public static double[] MatVec(Array w, double[] x, long rows) =>
        Enumerable.Range(0, (int)rows).Select(i => Enumerable.Range(0, x.Length).Sum(k => w[i, k] * x[k])).ToArray();
}
