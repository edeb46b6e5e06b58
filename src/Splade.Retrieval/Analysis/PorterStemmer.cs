namespace Splade.Retrieval.Analysis;

/// <summary>The original Porter (1980) suffix-stripping stemmer for lower-case English words, stemming in place.</summary>
/// <remarks>
/// This is the algorithm as Lucene's PorterStemFilter applies it, including the two well-known departures of the
/// reference implementation (<c>-bli</c> becomes <c>-ble</c>, <c>-logi</c> becomes <c>-log</c>). Words of one or two
/// letters are left alone. Only the ASCII vowels count as vowels; every other character is a consonant.
/// </remarks>
internal static class PorterStemmer
{
    /// <summary>Stems the word held in <paramref name="word"/> in place and returns the stem's length.</summary>
    public static int Stem(Span<char> word)
    {
        if (word.Length <= 2)
        {
            return word.Length;
        }

        var stemmer = new Stemmer(word);
        stemmer.RemovePluralsAndParticiples();
        stemmer.TurnTerminalYToI();
        stemmer.MapDoubleSuffixes();
        stemmer.MapFinalSuffixes();
        stemmer.RemoveSuffixesAfterTwoMeasures();
        stemmer.TidyFinalEAndDoubleL();
        return stemmer.Length;
    }

    private ref struct Stemmer(Span<char> word)
    {
        private readonly Span<char> _b = word;

        // Index of the word's last character, and the end of the stem before the suffix that Ends last matched.
        private int _k = word.Length - 1;
        private int _j;

        public readonly int Length => _k + 1;

        public void RemovePluralsAndParticiples()
        {
            if (_b[_k] == 's')
            {
                if (Ends("sses"))
                {
                    _k -= 2;
                }
                else if (Ends("ies"))
                {
                    SetTo("i");
                }
                else if (_b[_k - 1] != 's')
                {
                    _k--;
                }
            }

            if (Ends("eed"))
            {
                if (Measure() > 0)
                {
                    _k--;
                }
            }
            else if ((Ends("ed") || Ends("ing")) && VowelInStem())
            {
                _k = _j;
                if (Ends("at"))
                {
                    SetTo("ate");
                }
                else if (Ends("bl"))
                {
                    SetTo("ble");
                }
                else if (Ends("iz"))
                {
                    SetTo("ize");
                }
                else if (DoubleConsonant(_k))
                {
                    var last = _b[_k];
                    if (last is not ('l' or 's' or 'z'))
                    {
                        _k--;
                    }
                }
                else if (Measure() == 1 && ConsonantVowelConsonant(_k))
                {
                    SetTo("e");
                }
            }
        }

        public void TurnTerminalYToI()
        {
            if (Ends("y") && VowelInStem())
            {
                _b[_k] = 'i';
            }
        }

        public void MapDoubleSuffixes()
        {
            if (_k == 0)
            {
                return;
            }

            _ = _b[_k - 1] switch
            {
                'a' => Replace("ational", "ate") || Replace("tional", "tion"),
                'c' => Replace("enci", "ence") || Replace("anci", "ance"),
                'e' => Replace("izer", "ize"),
                'l' => Replace("bli", "ble") || Replace("alli", "al") || Replace("entli", "ent") || Replace("eli", "e") || Replace("ousli", "ous"),
                'o' => Replace("ization", "ize") || Replace("ation", "ate") || Replace("ator", "ate"),
                's' => Replace("alism", "al") || Replace("iveness", "ive") || Replace("fulness", "ful") || Replace("ousness", "ous"),
                't' => Replace("aliti", "al") || Replace("iviti", "ive") || Replace("biliti", "ble"),
                'g' => Replace("logi", "log"),
                _ => false,
            };
        }

        public void MapFinalSuffixes()
        {
            _ = _b[_k] switch
            {
                'e' => Replace("icate", "ic") || Replace("ative", string.Empty) || Replace("alize", "al"),
                'i' => Replace("iciti", "ic"),
                'l' => Replace("ical", "ic") || Replace("ful", string.Empty),
                's' => Replace("ness", string.Empty),
                _ => false,
            };
        }

        public void RemoveSuffixesAfterTwoMeasures()
        {
            if (_k == 0)
            {
                return;
            }

            var matched = _b[_k - 1] switch
            {
                'a' => Ends("al"),
                'c' => Ends("ance") || Ends("ence"),
                'e' => Ends("er"),
                'i' => Ends("ic"),
                'l' => Ends("able") || Ends("ible"),
                'n' => Ends("ant") || Ends("ement") || Ends("ment") || Ends("ent"),
                'o' => (Ends("ion") && _j >= 0 && _b[_j] is 's' or 't') || Ends("ou"),
                's' => Ends("ism"),
                't' => Ends("ate") || Ends("iti"),
                'u' => Ends("ous"),
                'v' => Ends("ive"),
                'z' => Ends("ize"),
                _ => false,
            };

            if (matched && Measure() > 1)
            {
                _k = _j;
            }
        }

        public void TidyFinalEAndDoubleL()
        {
            _j = _k;
            if (_b[_k] == 'e')
            {
                var measure = Measure();
                if (measure > 1 || (measure == 1 && !ConsonantVowelConsonant(_k - 1)))
                {
                    _k--;
                }
            }

            if (_b[_k] == 'l' && DoubleConsonant(_k) && Measure() > 1)
            {
                _k--;
            }
        }

        private readonly bool IsConsonant(int i) => _b[i] switch
        {
            'a' or 'e' or 'i' or 'o' or 'u' => false,
            'y' => i == 0 || !IsConsonant(i - 1),
            _ => true,
        };

        // The number of vowel-consonant sequences in the stem _b[0.._j].
        private readonly int Measure()
        {
            var count = 0;
            var i = 0;
            while (i <= _j && IsConsonant(i))
            {
                i++;
            }

            while (i <= _j)
            {
                while (i <= _j && !IsConsonant(i))
                {
                    i++;
                }

                if (i > _j)
                {
                    break;
                }

                count++;
                while (i <= _j && IsConsonant(i))
                {
                    i++;
                }
            }

            return count;
        }

        private readonly bool VowelInStem()
        {
            for (var i = 0; i <= _j; i++)
            {
                if (!IsConsonant(i))
                {
                    return true;
                }
            }

            return false;
        }

        private readonly bool DoubleConsonant(int i) => i >= 1 && _b[i] == _b[i - 1] && IsConsonant(i);

        // True when _b[i-2.._i] is consonant-vowel-consonant and the last consonant is not w, x or y (hop, not snow).
        private readonly bool ConsonantVowelConsonant(int i)
        {
            if (i < 2 || !IsConsonant(i) || IsConsonant(i - 1) || !IsConsonant(i - 2))
            {
                return false;
            }

            return _b[i] is not ('w' or 'x' or 'y');
        }

        private bool Ends(string suffix)
        {
            if (suffix.Length > _k + 1 || !_b.Slice(_k + 1 - suffix.Length, suffix.Length).SequenceEqual(suffix))
            {
                return false;
            }

            _j = _k - suffix.Length;
            return true;
        }

        private void SetTo(string replacement)
        {
            replacement.CopyTo(_b[(_j + 1)..]);
            _k = _j + replacement.Length;
        }

        // Replaces a matched suffix when the remaining stem has a measure above zero; true when the suffix matched.
        private bool Replace(string suffix, string replacement)
        {
            if (!Ends(suffix))
            {
                return false;
            }

            if (Measure() > 0)
            {
                SetTo(replacement);
            }

            return true;
        }
    }
}
