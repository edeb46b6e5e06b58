using CsCheck;
using Splade.Retrieval.Analysis;

namespace Splade.Retrieval.Tests.Analysis;

public sealed class EnglishAnalyzerTests
{
    private static IReadOnlyList<string> Analyze(string text) => EnglishAnalyzer.Instance.AnalyzeToList(text);

    [Fact]
    public void Lowercases_drops_stop_words_and_stems()
    {
        Assert.Equal(["correl", "between", "matern", "fetal", "plasma", "level"], Analyze("Correlation between the MATERNAL and fetal plasma levels."));
    }

    [Fact]
    public void Removes_possessive_s_with_either_apostrophe()
    {
        Assert.Equal(["john", "book", "mari", "car"], Analyze("John's book, Mary\u2019s car"));
    }

    [Fact]
    public void Keeps_apostrophes_and_periods_inside_words_and_numbers()
    {
        Assert.Equal(["don't", "u.s.a", "3.14", "1,000", "h2o", "foo_bar"], Analyze("don't U.S.A. 3.14 1,000 H2O foo_bar"));
    }

    [Fact]
    public void Splits_on_hyphens_slashes_and_trailing_punctuation()
    {
        Assert.Equal(["state", "art", "input", "output", "end"], Analyze("state-of-the-art input/output end."));
    }

    [Fact]
    public void Drops_every_stop_word_and_tokens_without_letters_or_digits()
    {
        Assert.Empty(Analyze(string.Join(' ', EnglishAnalyzer.StopWords) + " ___ -- ..."));
    }

    [Fact]
    public void Splits_ideographs_into_single_characters()
    {
        Assert.Equal(["中", "文"], Analyze("中文"));
    }

    [Fact]
    public void Output_terms_are_non_empty_lower_case_words()
    {
        Gen.String[Gen.Char["aAbBeEiIsStT '.,-_019\u2019"], 0, 40].Sample(text =>
        {
            foreach (var term in Analyze(text))
            {
                Assert.NotEmpty(term);
                Assert.Equal(term.ToLowerInvariant(), term);
                Assert.DoesNotContain(' ', term);
                Assert.DoesNotContain('-', term);
            }
        });
    }
}
