/** In-framework tests of the Camel runtime (not exported). */
package io.devrig.camel.itest;
