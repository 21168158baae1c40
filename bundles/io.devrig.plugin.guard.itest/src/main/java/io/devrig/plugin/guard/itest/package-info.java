/** In-framework tests of the plugin guard (not exported). */
package io.devrig.plugin.guard.itest;
