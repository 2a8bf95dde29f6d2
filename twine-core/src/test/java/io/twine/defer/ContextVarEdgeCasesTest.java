package io.twine.defer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** ContextVar's descriptions and the token's link back to its variable. */
class ContextVarEdgeCasesTest {

    @Test
    void aVariableKeepsItsName() {
        assertThat(new ContextVar<String>("request-id").name()).isEqualTo("request-id");
    }

    @Test
    void toStringIsPythonsRepr() {
        assertThat(new ContextVar<>("user", "nobody")).hasToString("<ContextVar name='user'>");
    }

    @Test
    void aTokenNamesTheVariableThatMadeIt() {
        ContextVar<Integer> v = new ContextVar<>("depth");
        ContextVar.Token<Integer> t = v.set(1);
        try {
            assertThat(t.var()).isSameAs(v);
        } finally {
            v.reset(t);
        }
        assertThat(v.get(0)).isZero();
    }
}
