package pipeline

import "bytes"

// splitCSV splits one CSV line (without its line ending) into fields,
// appending them to dst. Fields point into line, or into *unq for quoted
// fields whose doubled quotes had to be undone.
//
// Quoting follows RFC 4180 with one deliberate limit: a quoted field cannot
// span lines. APC extracts never carry multi-line values, and the official
// grouper layout has no quoting at all, so a stray quote damages only its
// own row instead of swallowing the rest of the file. Broken quoting is
// reported in problem; the fields are still returned, best effort.
func splitCSV(line []byte, dst [][]byte, unq *[]byte) (fields [][]byte, problem string) {
	// Fields are short (about 3 bytes on average in a HES extract), so a
	// byte loop beats a call to bytes.IndexByte per field.
	n, start := len(dst), 0
	for i, c := range line {
		switch c {
		case ',':
			dst = append(dst, line[start:i])
			start = i + 1
		case '"':
			return splitQuoted(line, dst[:n], unq)
		}
	}
	return append(dst, line[start:]), ""
}

// splitCSVPrefix is splitCSV for callers that need only the first n
// fields (the spell key): a line without quotes is split no further than
// them. It may return fewer fields than n for a short line, and all of
// them for a quoted one.
func splitCSVPrefix(line []byte, n int, dst [][]byte, unq *[]byte) [][]byte {
	if bytes.IndexByte(line, '"') >= 0 {
		fields, _ := splitQuoted(line, dst, unq)
		return fields
	}
	for start := len(dst); len(dst)-start < n; {
		i := bytes.IndexByte(line, ',')
		if i < 0 {
			return append(dst, line)
		}
		dst = append(dst, line[:i])
		line = line[i+1:]
	}
	return dst
}

// splitQuoted is the slow path of splitCSV for lines holding a quote.
func splitQuoted(line []byte, dst [][]byte, unq *[]byte) ([][]byte, string) {
	problem := ""
	for {
		if len(line) == 0 || line[0] != '"' {
			i := bytes.IndexByte(line, ',')
			field := line
			if i >= 0 {
				field = line[:i]
			}
			if bytes.IndexByte(field, '"') >= 0 && problem == "" {
				problem = "broken quoting: a quote inside an unquoted field"
			}
			dst = append(dst, field)
			if i < 0 {
				return dst, problem
			}
			line = line[i+1:]
			continue
		}
		value, rest, ok := quotedField(line[1:], unq)
		dst = append(dst, value)
		if !ok {
			return dst, "broken quoting: a quoted field is not closed before the end of the line"
		}
		if len(rest) == 0 {
			return dst, problem
		}
		if rest[0] != ',' {
			if problem == "" {
				problem = "broken quoting: text after a closing quote"
			}
			i := bytes.IndexByte(rest, ',')
			if i < 0 {
				return dst, problem
			}
			rest = rest[i:]
		}
		line = rest[1:]
	}
}

// quotedField reads a quoted field whose opening quote has been consumed.
// It returns the unescaped value, the text after the closing quote, and
// whether the closing quote was found.
func quotedField(s []byte, unq *[]byte) (value, rest []byte, ok bool) {
	i := bytes.IndexByte(s, '"')
	if i < 0 {
		return s, nil, false
	}
	if i+1 >= len(s) || s[i+1] != '"' {
		return s[:i], s[i+1:], true // no doubled quotes: point into the line
	}
	start := len(*unq)
	for {
		i = bytes.IndexByte(s, '"')
		if i < 0 {
			*unq = append(*unq, s...)
			return (*unq)[start:], nil, false
		}
		*unq = append(*unq, s[:i]...)
		if i+1 < len(s) && s[i+1] == '"' {
			*unq = append(*unq, '"')
			s = s[i+2:]
			continue
		}
		return (*unq)[start:len(*unq):len(*unq)], s[i+1:], true
	}
}
