using CsCheck;
using Splade.Retrieval.Analysis;

namespace Splade.Retrieval.Tests.Analysis;

public sealed class PorterStemmerTests
{
    // Examples from Porter's 1980 paper and the reference vocabulary/output lists, run through the whole algorithm.
    [Theory]
    [InlineData("caresses", "caress")]
    [InlineData("ponies", "poni")]
    [InlineData("ties", "ti")]
    [InlineData("caress", "caress")]
    [InlineData("cats", "cat")]
    [InlineData("feed", "feed")]
    [InlineData("agreed", "agre")]
    [InlineData("plastered", "plaster")]
    [InlineData("bled", "bled")]
    [InlineData("motoring", "motor")]
    [InlineData("sing", "sing")]
    [InlineData("conflated", "conflat")]
    [InlineData("troubled", "troubl")]
    [InlineData("sized", "size")]
    [InlineData("hopping", "hop")]
    [InlineData("tanned", "tan")]
    [InlineData("falling", "fall")]
    [InlineData("hissing", "hiss")]
    [InlineData("fizzed", "fizz")]
    [InlineData("failing", "fail")]
    [InlineData("filing", "file")]
    [InlineData("happy", "happi")]
    [InlineData("sky", "sky")]
    [InlineData("relational", "relat")]
    [InlineData("conditional", "condit")]
    [InlineData("rational", "ration")]
    [InlineData("valenci", "valenc")]
    [InlineData("hesitanci", "hesit")]
    [InlineData("digitizer", "digit")]
    [InlineData("conformabli", "conform")]
    [InlineData("radicalli", "radic")]
    [InlineData("differentli", "differ")]
    [InlineData("vileli", "vile")]
    [InlineData("analogousli", "analog")]
    [InlineData("vietnamization", "vietnam")]
    [InlineData("predication", "predic")]
    [InlineData("operator", "oper")]
    [InlineData("feudalism", "feudal")]
    [InlineData("decisiveness", "decis")]
    [InlineData("hopefulness", "hope")]
    [InlineData("callousness", "callous")]
    [InlineData("formaliti", "formal")]
    [InlineData("sensitiviti", "sensit")]
    [InlineData("sensibiliti", "sensibl")]
    [InlineData("triplicate", "triplic")]
    [InlineData("formative", "form")]
    [InlineData("formalize", "formal")]
    [InlineData("electriciti", "electr")]
    [InlineData("electrical", "electr")]
    [InlineData("hopeful", "hope")]
    [InlineData("goodness", "good")]
    [InlineData("revival", "reviv")]
    [InlineData("allowance", "allow")]
    [InlineData("inference", "infer")]
    [InlineData("airliner", "airlin")]
    [InlineData("gyroscopic", "gyroscop")]
    [InlineData("adjustable", "adjust")]
    [InlineData("defensible", "defens")]
    [InlineData("irritant", "irrit")]
    [InlineData("replacement", "replac")]
    [InlineData("adjustment", "adjust")]
    [InlineData("dependent", "depend")]
    [InlineData("adoption", "adopt")]
    [InlineData("homologou", "homolog")]
    [InlineData("communism", "commun")]
    [InlineData("activate", "activ")]
    [InlineData("angulariti", "angular")]
    [InlineData("homologous", "homolog")]
    [InlineData("effective", "effect")]
    [InlineData("bowdlerize", "bowdler")]
    [InlineData("probate", "probat")]
    [InlineData("rate", "rate")]
    [InlineData("cease", "ceas")]
    [InlineData("controll", "control")]
    [InlineData("roll", "roll")]
    [InlineData("generalizations", "gener")]
    [InlineData("oscillators", "oscil")]
    [InlineData("archaeology", "archaeolog")]
    [InlineData("is", "is")]
    [InlineData("as", "as")]
    public void Stems_published_examples(string word, string expected)
    {
        var buffer = word.ToCharArray();
        var length = PorterStemmer.Stem(buffer);
        Assert.Equal(expected, new string(buffer, 0, length));
    }

    [Fact]
    public void Never_reads_or_writes_beyond_the_word_and_never_grows_it()
    {
        Gen.String[Gen.Char["abcdeilmnostuvyz"], 0, 20].Sample(word =>
        {
            var buffer = new char[word.Length + 4];
            word.CopyTo(0, buffer, 0, word.Length);
            buffer.AsSpan(word.Length).Fill('#');
            var length = PorterStemmer.Stem(buffer.AsSpan(0, word.Length));
            Assert.InRange(length, Math.Min(word.Length, 1), word.Length);
            Assert.Equal("####", new string(buffer, word.Length, 4));
        });
    }
}
