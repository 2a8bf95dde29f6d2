package io.twine.examples.docs;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The introduction's opening: synchronous Java, where the order of lines is the order of execution.
 * The code between the {@code tag} comments is what {@code docs/introduction.md} shows.
 */
public final class JoyOfOrder {

    /** Something that has names, synchronously. */
    public interface Directory {
        /**
         * The names, read at once.
         *
         * @return the names, unsorted
         * @throws IOException if they cannot be read
         */
        List<String> getNames() throws IOException;
    }

    /** A bank account. */
    public interface Account {
        /**
         * Its balance, read at once.
         *
         * @return the balance
         */
        BigDecimal getBalance();
    }

    private final PrintStream out;

    /**
     * An example that prints to {@code out}.
     *
     * @param out where {@code pprint} and the total go
     */
    public JoyOfOrder(PrintStream out) {
        this.out = out;
    }

    /**
     * Prints the sorted names, one step per line.
     *
     * @param x where the names come from
     * @throws IOException if the names cannot be read
     */
    public void printSortedNames(Directory x) throws IOException {
        // tag::step-by-step[]
        List<String> names = x.getNames();
        List<String> sortedNames = sorted(names);
        pprint(sortedNames);
        // end::step-by-step[]
    }

    /**
     * Prints the total balance of the accounts.
     *
     * @param accounts the accounts
     */
    public void printTotal(List<Account> accounts) {
        // tag::total[]
        BigDecimal total = BigDecimal.ZERO;
        for (Account account : accounts) {
            total = total.add(account.getBalance());
        }
        out.println("Total balance $" + total);
        // end::total[]
    }

    private static List<String> sorted(List<String> names) {
        List<String> copy = new ArrayList<>(names);
        copy.sort(null);
        return copy;
    }

    private void pprint(List<String> names) {
        out.println(names);
    }
}
