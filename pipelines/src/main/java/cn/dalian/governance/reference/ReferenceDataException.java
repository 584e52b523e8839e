package cn.dalian.governance.reference;

import java.util.Objects;

/**
 * A reference data file (area registry, matter catalogue) failed validation. The message is
 * {@code "<file>:<line>: <reason>"}; the line is 1-based, or 0 when the problem concerns the
 * file as a whole rather than one row (for example a registry without a city).
 */
public final class ReferenceDataException
        extends RuntimeException
{
    private final String file;
    private final int line;
    private final String reason;

    public ReferenceDataException(String file, int line, String reason)
    {
        super(Objects.requireNonNull(file, "file is null") + ":" + line + ": " + Objects.requireNonNull(reason, "reason is null"));
        if (line < 0) {
            throw new IllegalArgumentException("line is negative: " + line);
        }
        this.file = file;
        this.line = line;
        this.reason = reason;
    }

    /** Name of the file or resource as given to the loader. */
    public String file()
    {
        return file;
    }

    /** 1-based line number of the offending row, 0 for a whole-file problem. */
    public int line()
    {
        return line;
    }

    public String reason()
    {
        return reason;
    }
}
